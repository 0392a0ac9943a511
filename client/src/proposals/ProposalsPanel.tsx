/**
 * The Proposals panel: my draft suggestion (written here, previewed inline in
 * the document), the open proposals of the document as cards, and the ones
 * already adopted or closed.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Editor } from '@tiptap/react';
import type { Capability } from '../api/types';
import type { ProposalStore } from './proposal-store';
import { ProposalCard } from './ProposalCard';
import './proposals.css';

export function ProposalsPanel({
  store,
  capabilities,
  editor,
}: {
  store: ProposalStore;
  capabilities: readonly Capability[];
  editor: Editor | null;
}) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const open = snapshot.proposals.filter((p) => p.status === 'open');
  const done = snapshot.proposals.filter((p) => p.status !== 'open');
  return (
    <div className="proposals" data-testid="proposals-panel">
      {snapshot.draft && <DraftCard store={store} />}
      {snapshot.notice && !snapshot.draft && (
        <p className="muted" role="status">
          {snapshot.notice}
        </p>
      )}
      {open.length === 0 && !snapshot.draft ? (
        <p className="muted">
          No open proposals. {capabilities.includes('edit') ? 'Switch to Suggesting and type in a paragraph to propose a new wording.' : ''}
        </p>
      ) : (
        open.map((p) => <ProposalCard key={p.id} proposal={p} store={store} capabilities={capabilities} editor={editor} />)
      )}
      {done.length > 0 && (
        <details className="proposals__done">
          <summary>Adopted and closed ({done.length})</summary>
          {done.map((p) => (
            <ProposalCard key={p.id} proposal={p} store={store} capabilities={capabilities} editor={editor} />
          ))}
        </details>
      )}
    </div>
  );
}

function DraftCard({ store }: { store: ProposalStore }) {
  const draft = useSyncExternalStore(store.subscribe, () => store.getSnapshot().draft)!;
  const [rationale, setRationale] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  // Typing goes on in the draft box: focus it with the caret where the keystroke landed.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(draft.caret, draft.caret);
    el.scrollIntoView({ block: 'nearest' });
    // Only when a draft starts (a new block), not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft.blockId]);
  return (
    <form
      className="proposal-card proposal-card--draft"
      data-testid="proposal-draft"
      onSubmit={(e) => {
        e.preventDefault();
        void store.submitDraft(rationale);
      }}
    >
      <header className="proposal-card__head">
        <strong>Your suggestion</strong> for this {draft.kind}
      </header>
      <textarea
        ref={box}
        className="input proposal-card__draft"
        value={draft.text}
        onChange={(e) => store.editDraft(e.target.value)}
        rows={4}
        aria-label="Suggested wording"
        data-testid="proposal-draft-text"
      />
      <input
        className="input"
        value={rationale}
        onChange={(e) => setRationale(e.target.value)}
        placeholder="Why? (optional)"
        aria-label="Why this wording"
        maxLength={2000}
      />
      {draft.error && (
        <p className="form-error" role="alert">
          {draft.error}
        </p>
      )}
      <div className="proposal-card__actions">
        <button
          className="button button--small button--primary"
          type="submit"
          disabled={draft.busy || draft.text === draft.baseText}
          data-testid="proposal-draft-submit"
        >
          Suggest
        </button>
        <button className="button button--small button--quiet" type="button" onClick={() => store.discardDraft()}>
          Discard
        </button>
      </div>
    </form>
  );
}
