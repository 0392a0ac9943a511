/**
 * What the keyboard shortcuts (and the panel's buttons) do with the editor:
 * agree or dispute the paragraph at the cursor, jump to the next one that needs me.
 */
import type { Editor } from '@tiptap/core';
import type { ConsensusStore } from '../../consensus/consensus-store';
import { FILTERS, matchesFilter, myStance, type ConsensusFilter } from '../../consensus/review';
import type { Node as PMNode } from '@tiptap/pm/model';
import { blockAtSelection, nextBlockWhere, placedBlocks } from './blocks-at';
import { revealBlock } from './reveal';

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

/**
 * Moves the cursor to the next paragraph that needs my vote, scrolls it into
 * view, marks it for a moment and says which one it is (the notice is a live
 * region): a caret jump alone was easy to miss (issue 14 #11).
 */
export function goToNextNeedingReview(editor: Editor, store: ConsensusStore): boolean {
  if (!store.isReady) return (store.notify('Votes are still loading; try again in a moment.'), true);
  if (!store.isCommissioner) return (store.notify('Only commissioners review paragraphs.'), true);
  const view = store.computeView(editor.state.doc);
  const here = blockAtSelection(editor.state)?.pos ?? editor.state.selection.from;
  const needsMe = (id: string) => myStance(view.byId.get(id)!.consensus, store.me, true) === 'needs';
  const next = nextBlockWhere(editor.state.doc, here, view, needsMe);
  if (!next) {
    store.notify('Nothing left for you to review: you have voted on every paragraph as it reads now.');
    return true;
  }
  revealBlock(editor, next.pos, { caret: true });
  // Counted as the "Needs my review" filter counts them.
  const left = view.entries.filter((e) => myStance(e.consensus, store.me, true) === 'needs').length;
  store.notify(`Next to review: ${describeBlock(next.node)} (${left} left for you to review).`);
  return true;
}

/**
 * After a status filter is chosen: when none of the paragraphs it shows is on
 * screen, scroll to the first one and mark it, so the filter visibly does
 * something; either way, say how many there are.
 */
export function revealFilter(editor: Editor, store: ConsensusStore, filter: ConsensusFilter): void {
  if (filter === 'all' || !store.isReady || editor.isDestroyed) return;
  const view = store.computeView(editor.state.doc);
  const matching = placedBlocks(editor.state.doc).filter((b) => {
    const entry = b.id === null ? undefined : view.byId.get(b.id);
    return entry !== undefined && matchesFilter(filter, entry.consensus, myStance(entry.consensus, store.me, store.isCommissioner));
  });
  const label = FILTERS.find((f) => f.id === filter)?.label ?? filter;
  const count = matching.length === 1 ? '1 paragraph' : `${matching.length} paragraphs`;
  const first = matching[0];
  if (!first) return store.notify(`${label}: no paragraphs.`);
  if (matching.some((b) => onScreen(editor.view.nodeDOM(b.pos)))) return store.notify(`${label}: ${count}.`);
  revealBlock(editor, first.pos, { caret: false });
  store.notify(`${label}: ${count}; ${matching.length === 1 ? 'it' : 'the first'} is ${describeBlock(first.node)}.`);
}

/** Some of the element shows between the sticky header and toolbar and the bottom of the window. */
function onScreen(dom: Node | null): boolean {
  if (!(dom instanceof HTMLElement)) return false;
  const top = Math.max(0, ...Array.from(document.querySelectorAll('.app-header, .doc-tools'), (el) => el.getBoundingClientRect().bottom));
  const r = dom.getBoundingClientRect();
  return r.height > 0 && r.bottom > top && r.top < window.innerHeight;
}

const EXCERPT_CHARS = 60;

/** “The commission was asked to…”, or the heading “Recommendations”: which block, in words. */
function describeBlock(node: PMNode): string {
  const text = node.textContent.replace(/\s+/g, ' ').trim();
  const excerpt = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : text || 'an empty paragraph';
  return node.type.name === 'heading' ? `the heading “${excerpt}”` : `“${excerpt}”`;
}
