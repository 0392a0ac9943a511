/**
 * Formatting for people who do not know Markdown shortcuts: the groups in
 * toolbar-items.ts, plus a link button with its own small form. Buttons keep
 * the editor's selection (mousedown does not take focus) and say when they are on.
 */
import { useEffect, useReducer, useState, type SubmitEvent } from 'react';
import type { Editor } from '@tiptap/react';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { safeHref } from '@concord/shared';
import { TOOLBAR_GROUPS, type ToolbarItem } from './toolbar-items';
import { afterNextPaint, type Cancel } from '../../sync/after-paint';
import { FigureButton } from './FigureButton';

export function FormatToolbar({ docId, editor }: { docId: string; editor: Editor }) {
  useEditorTicks(editor);
  const [linking, setLinking] = useState(false);
  return (
    <div className="format-toolbar" role="toolbar" aria-label="Formatting" data-testid="format-toolbar">
      {TOOLBAR_GROUPS.map((group) => (
        <div key={group.id} className="format-toolbar__group" role="group" aria-label={group.label}>
          {group.items.map((item) => (
            <ToolButton key={item.id} editor={editor} item={item} />
          ))}
        </div>
      ))}
      <div className="format-toolbar__group" role="group" aria-label="Link">
        <button
          type="button"
          className={`format-button${editor.isActive('link') ? ' is-on' : ''}`}
          aria-pressed={editor.isActive('link')}
          title="Link"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => setLinking((l) => !l)}
          data-testid="format-link"
        >
          Link
        </button>
      </div>
      <div className="format-toolbar__group" role="group" aria-label="Figure">
        <FigureButton docId={docId} editor={editor} />
      </div>
      {linking && <LinkForm editor={editor} onDone={() => setLinking(false)} />}
    </div>
  );
}

function ToolButton({ editor, item }: { editor: Editor; item: ToolbarItem }) {
  const on = item.isActive?.(editor) ?? false;
  const enabled = editor.isEditable && (item.canRun?.(editor) ?? true);
  const title = item.shortcut ? `${item.label} (${item.shortcut})` : item.label;
  return (
    <button
      type="button"
      className={`format-button format-button--${item.id}${on ? ' is-on' : ''}`}
      {...(item.isActive ? { 'aria-pressed': on } : {})}
      title={title}
      disabled={!enabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => item.run(editor)}
      data-testid={`format-${item.id}`}
    >
      <span aria-hidden="true">{item.face}</span>
      <span className="visually-hidden">{item.label}</span>
    </button>
  );
}

function LinkForm({ editor, onDone }: { editor: Editor; onDone: () => void }) {
  const [href, setHref] = useState(() => (editor.getAttributes('link').href as string | undefined) ?? 'https://');
  const [error, setError] = useState<string | null>(null);
  function submit(e: SubmitEvent) {
    e.preventDefault();
    const url = href.trim();
    if (url === '' || url === 'https://') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      return onDone();
    }
    // The one link policy (safeHref): web and mail addresses only; in-page #anchors are not links.
    if (safeHref(url) === null) return setError('Links start with https://, http:// or mailto:');
    if (editor.state.selection.empty && !editor.isActive('link')) return setError('Select the words to link first.');
    editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run();
    onDone();
  }
  return (
    <form className="link-form" onSubmit={submit} data-testid="link-form">
      <label>
        <span className="visually-hidden">Link address</span>
        <input
          autoFocus
          value={href}
          onChange={(e) => setHref(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onDone();
              editor.commands.focus();
            }
          }}
          data-testid="link-input"
        />
      </label>
      <button className="button" type="submit">
        Apply
      </button>
      {error && (
        <span className="form__error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

/**
 * What the buttons' states are read from, besides the history: the top-level blocks holding the
 * selection's ends and the offsets inside them. Nodes are immutable and an unchanged block keeps
 * its object, so the same objects mean the same marks, lists and headings around the caret.
 */
interface CaretContext {
  from: PMNode;
  fromOffset: number;
  to: PMNode;
  toOffset: number;
  editable: boolean;
}

function caretContext(editor: Editor): CaretContext {
  const { $from, $to } = editor.state.selection;
  const top = (depth: number) => (depth >= 1 ? 1 : 0);
  return {
    from: $from.node(top($from.depth)),
    fromOffset: $from.pos - $from.start(top($from.depth)),
    to: $to.node(top($to.depth)),
    toOffset: $to.pos - $to.start(top($to.depth)),
    editable: editor.isEditable,
  };
}

function sameCaretContext(a: CaretContext, b: CaretContext): boolean {
  return a.from === b.from && a.fromOffset === b.fromOffset && a.to === b.to && a.toOffset === b.toOffset && a.editable === b.editable;
}

/** What the toolbar shows: each button's on and enabled states, the link button's, editability. */
function toolbarSignature(editor: Editor): string {
  let signature = `${editor.isEditable ? 'e' : 'r'}${editor.isActive('link') ? 'L' : 'l'}`;
  for (const group of TOOLBAR_GROUPS)
    for (const item of group.items) signature += `${item.isActive?.(editor) ? 1 : 0}${(item.canRun?.(editor) ?? true) ? 1 : 0}`;
  return signature;
}

/**
 * Re-renders when what the toolbar shows changes (active states follow the caret), checked at
 * most once a frame. Not on every transaction: other people's keystrokes arrive as transactions
 * too, and a React commit while the editor has focus walks the editor's whole DOM to save the
 * selection — O(report) per remote keystroke on the 150-page report (issue 11). Checked just
 * after the frame that paints the change, not in it: the check runs the buttons' commands dry
 * (~0.6 ms), which the keystroke's own frame need not wait for; the buttons follow a frame later.
 */
function useEditorTicks(editor: Editor): void {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    let pending: Cancel | null = null;
    let shown = toolbarSignature(editor);
    let caret = caretContext(editor);
    // Whether a transaction of mine (not only other people's) came since the last check: mine
    // can change the history (undo/redo) and stored marks; theirs only move my caret's block.
    let mine = false;
    const refresh = () => {
      pending = null;
      if (editor.isDestroyed) return;
      const now = caretContext(editor);
      const unchanged = !mine && sameCaretContext(now, caret);
      caret = now;
      mine = false;
      // Other people typing elsewhere: the blocks around my caret are the same objects, so no
      // button can have changed — skip the dry-run commands the signature runs.
      if (unchanged) return;
      const signature = toolbarSignature(editor);
      if (signature === shown) return;
      shown = signature;
      tick();
    };
    const onChange = ({ transaction }: { transaction: Transaction }) => {
      if (!isChangeOrigin(transaction)) mine = true;
      pending ??= afterNextPaint(refresh);
    };
    editor.on('transaction', onChange);
    return () => {
      pending?.();
      editor.off('transaction', onChange);
    };
  }, [editor]);
}
