/**
 * "Editing / Suggesting" in the toolbar, and the question asked before an edit
 * sets agreements aside (C31): edit anyway, suggest instead, or cancel.
 */
import { useSyncExternalStore } from 'react';
import type { Editor } from '@tiptap/react';
import { fingerprintBlock } from '@concord/shared';
import { proposalStoreOf } from './suggest-extension';
import type { ProposalStore } from './proposal-store';
import './proposals.css';

export function ModeToggle({ editor }: { editor: Editor }) {
  const store = proposalStoreOf(editor);
  if (!store) return null;
  return <Toggle store={store} editor={editor} />;
}

function Toggle({ store, editor }: { store: ProposalStore; editor: Editor }) {
  const { mode, warning } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const fingerprintOf = (blockId: string) => {
    let fp = '';
    editor.state.doc.descendants((node) => {
      if (fp) return false;
      if (node.attrs.id === blockId && (node.type.name === 'paragraph' || node.type.name === 'heading')) fp = fingerprintBlock(node);
      return !fp;
    });
    return fp;
  };
  return (
    <>
      <span className="mode-toggle" role="group" aria-label="Editing mode" data-testid="mode-toggle">
        <button type="button" aria-pressed={mode === 'editing'} onClick={() => store.setMode('editing')} data-testid="mode-editing">
          Editing
        </button>
        <button
          type="button"
          aria-pressed={mode === 'suggesting'}
          onClick={() => store.setMode('suggesting')}
          data-testid="mode-suggesting"
          title="Typing drafts a proposal instead of changing the text"
        >
          Suggesting
        </button>
      </span>
      {warning && (
        <div className="edit-warning" role="alertdialog" aria-label="Editing sets agreement aside" data-testid="edit-warning">
          <p>
            This paragraph has <strong>{warning.agreements}</strong> {warning.agreements === 1 ? 'agreement' : 'agreements'}. Editing it
            sets {warning.agreements === 1 ? 'it' : 'them'} aside: everyone must agree again. Suggest the change instead, and it keeps the
            support it collects.
          </p>
          <div className="edit-warning__actions">
            <button
              className="button button--primary"
              autoFocus
              onClick={() => store.answerWarning('suggest', fingerprintOf(warning.blockId))}
              data-testid="edit-warning-suggest"
            >
              Suggest instead
            </button>
            <button
              className="button"
              onClick={() => store.answerWarning('edit', fingerprintOf(warning.blockId))}
              data-testid="edit-warning-edit"
            >
              Edit anyway
            </button>
            <button
              className="button button--quiet"
              onClick={() => {
                store.answerWarning('cancel', '');
                editor.commands.focus();
              }}
              data-testid="edit-warning-cancel"
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </>
  );
}
