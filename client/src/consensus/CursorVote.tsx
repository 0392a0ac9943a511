/**
 * Voting without a mouse (issue 14 #7): the paragraph at the cursor, its status
 * and the vote buttons, in the consensus panel — the next stop after the text
 * when a person presses Tab, since the margin marks themselves are drawn by CSS
 * (one focusable mark per paragraph would put 1,600 stops in the tab order of
 * a report). Each button shows its shortcut; the cursor stays where it was, so
 * Shift+Tab returns to the same place in the text.
 */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import type { Node as PMNode } from '@tiptap/pm/model';
import { agreeAtCursor, disputeAtCursor } from '../editor/gutter/actions';
import { blockAtSelection } from '../editor/gutter/blocks-at';
import type { ConsensusStore } from './consensus-store';
import type { ConsensusSnapshot } from './store-types';
import { myStance, statusSentence } from './review';
import { shortcutLabel } from './shortcuts';
import { afterNextPaint, type Cancel } from '../sync/after-paint';

interface AtCursor {
  id: string;
  node: PMNode;
  excerpt: string;
}

const EXCERPT_CHARS = 60;

function atCursor(editor: Editor): AtCursor | null {
  const block = blockAtSelection(editor.state);
  if (!block?.id) return null;
  const text = block.node.textContent.replace(/\s+/g, ' ').trim();
  return { id: block.id, node: block.node, excerpt: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : text };
}

/**
 * What the card shows of a block: which one, its first words, its status. A
 * keystroke changes the block's node but rarely any of these, and a React
 * commit while the editor has focus walks the editor's whole DOM (React saves
 * and restores the selection), so the card re-renders only when this changes.
 */
function shown(store: ConsensusStore, here: AtCursor | null): string {
  if (!here) return '';
  const c = store.isReady ? store.blockConsensus(here.node, here.id) : null;
  return [here.id, here.excerpt, c ? `${c.status}|${c.stale}|${c.agree}|${c.dispute}` : 'loading'].join('\u0000');
}

/**
 * The paragraph at the cursor, kept current as the cursor moves or the text changes: read just
 * after the frame that paints the change, so that a keystroke which changes what the card shows
 * (the first words of a short paragraph) is not rendered and committed before its own paint.
 */
function useBlockAtCursor(editor: Editor | null, store: ConsensusStore): AtCursor | null {
  const [here, setHere] = useState<AtCursor | null>(() => (editor ? atCursor(editor) : null));
  useEffect(() => {
    if (!editor) return;
    const follow = () =>
      setHere((before) => {
        if (editor.isDestroyed) return before;
        const now = atCursor(editor);
        return shown(store, before) === shown(store, now) ? before : now;
      });
    let pending: Cancel | null = null;
    const followAfterPaint = () => {
      pending ??= afterNextPaint(() => {
        pending = null;
        follow();
      });
    };
    follow();
    editor.on('selectionUpdate', followAfterPaint);
    editor.on('update', followAfterPaint);
    return () => {
      pending?.();
      editor.off('selectionUpdate', followAfterPaint);
      editor.off('update', followAfterPaint);
    };
  }, [editor, store]);
  return here;
}

export function CursorVote({ editor, store, snapshot }: { editor: Editor | null; store: ConsensusStore; snapshot: ConsensusSnapshot }) {
  const here = useBlockAtCursor(editor, store);
  if (!editor || !snapshot.isCommissioner) return null;
  // The block's own status, fresh (the whole-document view in the snapshot trails edits by up to 1.5 s).
  // The block as it is now (the state keeps the node from the last change the card showed).
  const live = here ? blockAtSelection(editor.state) : null;
  const node = here && live?.id === here.id ? live.node : here?.node;
  const consensus = here && node && snapshot.load === 'ready' ? store.blockConsensus(node, here.id) : undefined;
  const mine = consensus ? myStance(consensus, snapshot.me, true) : null;
  // The same rows with or without a paragraph, each of a fixed height (consensus.css): moving the
  // caret must not move the panels below (issue 14 #11, "the right-hand column jumps").
  return (
    <section className="cg-cursor" aria-labelledby="cg-cursor-title" data-testid="cursor-vote" data-block-id={here?.id ?? ''}>
      <h3 id="cg-cursor-title" className="cg-cursor__title">
        At the cursor
      </h3>
      <p className={`cg-cursor__excerpt${here ? '' : ' muted'}`}>
        {here ? `“${here.excerpt || 'Empty paragraph'}”` : 'Put the cursor in a paragraph or heading to vote on it here.'}
      </p>
      <p className="cg-cursor__status" data-testid="cursor-vote-status">
        {here && (consensus ? statusSentence(consensus, snapshot.needed) : 'Votes are loading…')}
        {mine === 'agree' && ' You agree.'}
        {mine === 'dispute' && ' You dispute it.'}
      </p>
      <div className="cg-cursor__buttons">
        <button
          className="button"
          disabled={!here || mine === 'agree'}
          onClick={() => agreeAtCursor(editor, store)}
          aria-keyshortcuts="Control+Alt+A"
          data-testid="cursor-agree"
        >
          Agree <kbd>{shortcutLabel('agree')}</kbd>
        </button>
        <button
          className="button"
          disabled={!here}
          onClick={() => disputeAtCursor(editor, store)}
          aria-keyshortcuts="Control+Alt+D"
          data-testid="cursor-dispute"
        >
          Dispute… <kbd>{shortcutLabel('dispute')}</kbd>
        </button>
        <button
          className="button button--quiet"
          disabled={!here}
          onClick={() => here && store.openDetails(here.id, 'view')}
          data-testid="cursor-details"
        >
          Who voted
        </button>
      </div>
    </section>
  );
}
