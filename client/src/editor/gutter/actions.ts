/**
 * What the keyboard shortcuts (and the panel's buttons) do with the editor:
 * agree or dispute the paragraph at the cursor, jump to the next one that needs me.
 */
import type { Editor } from '@tiptap/core';
import type { ConsensusStore } from '../../consensus/consensus-store';
import { myStance } from '../../consensus/review';
import { blockAtSelection, nextBlockWhere } from './blocks-at';

function blockForVote(editor: Editor, store: ConsensusStore): string | null {
  if (!store.isReady) return (store.notify('Votes are still loading; try again in a moment.'), null);
  if (!store.isCommissioner) return (store.notify('Only commissioners vote on paragraphs.'), null);
  const block = blockAtSelection(editor.state);
  if (!block?.id) return (store.notify('Put the cursor in a paragraph or heading first.'), null);
  return block.id;
}

export function agreeAtCursor(editor: Editor, store: ConsensusStore): boolean {
  const blockId = blockForVote(editor, store);
  if (!blockId) return true;
  const entry = store.computeView(editor.state.doc).byId.get(blockId);
  if (entry && myStance(entry.consensus, store.me, true) === 'agree') {
    store.notify('You already agree with this wording.');
    return true;
  }
  void store.vote(blockId, 'agree').then((outcome) => {
    if (outcome.ok) store.notify('You agree with this paragraph.');
    else if ('conflict' in outcome)
      store.openDetails(blockId, 'view', { stance: 'agree', fingerprint: outcome.conflict.fingerprint, text: outcome.conflict.text });
    else store.notify(outcome.error, 'error');
  });
  return true;
}

/**
 * Opens the dispute form for the paragraph at the cursor — at once, even while
 * votes are still loading (the popover says so and holds the focus), so the
 * reason typed next goes into the form, never into the paragraph.
 */
export function disputeAtCursor(editor: Editor, store: ConsensusStore): boolean {
  if (store.isReady && !store.isCommissioner) return (store.notify('Only commissioners vote on paragraphs.'), true);
  const block = blockAtSelection(editor.state);
  if (!block?.id) return (store.notify('Put the cursor in a paragraph or heading first.'), true);
  store.openDetails(block.id, 'dispute');
  return true;
}

export function goToNextNeedingReview(editor: Editor, store: ConsensusStore): boolean {
  if (!store.isReady) return (store.notify('Votes are still loading; try again in a moment.'), true);
  if (!store.isCommissioner) return (store.notify('Only commissioners review paragraphs.'), true);
  const view = store.computeView(editor.state.doc);
  const here = blockAtSelection(editor.state)?.pos ?? editor.state.selection.from;
  const next = nextBlockWhere(editor.state.doc, here, view, (id) => myStance(view.byId.get(id)!.consensus, store.me, true) === 'needs');
  if (!next) {
    store.notify('Nothing left for you to review: you have voted on every paragraph as it reads now.');
    return true;
  }
  revealBlock(editor, next.pos);
  return true;
}

/** Puts the cursor at the start of the block at `pos` and brings it into view. */
function revealBlock(editor: Editor, pos: number): void {
  editor
    .chain()
    .setTextSelection(pos + 1)
    .focus(undefined, { scrollIntoView: false })
    .run();
  const dom = editor.view.nodeDOM(pos);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center', behavior: 'smooth' });
}
