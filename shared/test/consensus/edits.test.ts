/**
 * What ordinary editing does to votes, driven through real ProseMirror
 * transactions on real schema documents.
 */
import { describe, it, expect } from 'vitest';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { history, undo, redo } from '@tiptap/pm/history';
import type { Node as PMNode } from '@tiptap/pm/model';
import { computeConsensus, DEFAULT_CONSENSUS_RULE, extractBlocks, type Vote } from '../../src/consensus/index.js';
import { doc, h, li, p, quote, textStart, ul, vote } from './fixtures.js';

const board = ['ann', 'bob'];
const start = () =>
  doc(h(1, 'h1', 'Work'), p('p1', 'We recommend a four-day week.'), p('p2', 'Pay stays the same.'), ul(li(p('l1', 'For all sectors.'))));

/** Both commissioners agree with every block of the document as it is now. */
function agreeAll(d: PMNode): Record<string, Vote[]> {
  return Object.fromEntries(extractBlocks(d).map((b) => [b.id!, board.map((u) => vote(u, 'agree', b.fingerprint))]));
}
const view = (d: PMNode, votes: Record<string, Vote[]>) => computeConsensus(d, votes, board, DEFAULT_CONSENSUS_RULE);
const statusOf = (d: PMNode, votes: Record<string, Vote[]>, id: string) => view(d, votes).byId.get(id)?.consensus;

describe('edits and votes', () => {
  it('[C7] an edit makes earlier votes stale, and only on the edited block', () => {
    const d = start();
    const votes = agreeAll(d);
    const state = EditorState.create({ doc: d });
    const edited = state.apply(state.tr.insertText(' (pilot)', textStart(d, 'p1') + 'We recommend a four-day week'.length)).doc;
    const s = statusOf(edited, votes, 'p1')!;
    expect(s).toMatchObject({ status: 'unreviewed', stale: true, staleVotes: 2, staleVoters: ['ann', 'bob'] });
    expect(statusOf(edited, votes, 'p2')!.status).toBe('agreed');
    expect(statusOf(edited, votes, 'l1')!.status).toBe('agreed');
  });

  it('[C39] a dispute on an earlier wording is kept as such until the disputer votes on the new one', () => {
    const d = start();
    const p1 = extractBlocks(d).find((b) => b.id === 'p1')!;
    const votes: Record<string, Vote[]> = {
      p1: [vote('ann', 'agree', p1.fingerprint), vote('bob', 'dispute', p1.fingerprint, 'Too vague.')],
    };
    expect(statusOf(d, votes, 'p1')).toMatchObject({ status: 'disputed', staleDisputers: [] });
    const state = EditorState.create({ doc: d });
    const edited = state.apply(state.tr.insertText('x', textStart(d, 'p1'))).doc;
    // The status follows C7 (no current votes), but Bob's objection has not been answered.
    expect(statusOf(edited, votes, 'p1')).toMatchObject({ status: 'unreviewed', staleVoters: ['ann', 'bob'], staleDisputers: ['bob'] });
    const now = extractBlocks(edited).find((b) => b.id === 'p1')!.fingerprint;
    // Bob looks again and agrees with the new wording: no longer a dispute on an earlier wording.
    expect(statusOf(edited, { p1: [...votes.p1!, vote('bob', 'agree', now)] }, 'p1')).toMatchObject({
      status: 'in_review',
      staleDisputers: [],
    });
    // His latest vote on older text counts: a dispute he later replaced by an agree on that text is no dispute.
    const changedMind = { p1: [...votes.p1!, vote('bob', 'agree', p1.fingerprint)] };
    expect(statusOf(edited, changedMind, 'p1')!.staleDisputers).toEqual([]);
  });

  it('[C7] a formatting-only edit (bold) also makes votes stale', () => {
    const d = start();
    const votes = agreeAll(d);
    const at = textStart(d, 'p2');
    const state = EditorState.create({ doc: d });
    const bolded = state.apply(state.tr.addMark(at, at + 3, d.type.schema.marks.bold!.create())).doc;
    expect(statusOf(bolded, votes, 'p2')!.stale).toBe(true);
  });

  it('[C8] undo restoring the exact text restores the votes; redo makes them stale again', () => {
    const d = start();
    const votes = agreeAll(d);
    let state = EditorState.create({ doc: d, plugins: [history()] });
    const dispatch = (tr: import('@tiptap/pm/state').Transaction) => (state = state.apply(tr));
    dispatch(state.tr.insertText('not ', textStart(d, 'p1') + 'We '.length));
    expect(statusOf(state.doc, votes, 'p1')!.status).toBe('unreviewed');
    undo(state, dispatch);
    expect(state.doc.eq(d)).toBe(true);
    expect(statusOf(state.doc, votes, 'p1')).toMatchObject({ status: 'agreed', stale: false });
    redo(state, dispatch);
    expect(statusOf(state.doc, votes, 'p1')!.stale).toBe(true);
  });

  it('[C8] retyping the same text by hand restores the votes too: it is the text that counts', () => {
    const d = start();
    const votes = agreeAll(d);
    const state = EditorState.create({ doc: d });
    const at = textStart(d, 'p2');
    const changed = state.apply(state.tr.insertText('Wage', at, at + 3)).doc;
    const s2 = EditorState.create({ doc: changed });
    const back = s2.apply(s2.tr.insertText('Pay', at, at + 4)).doc;
    expect(statusOf(changed, votes, 'p2')!.status).toBe('unreviewed');
    expect(statusOf(back, votes, 'p2')!.status).toBe('agreed');
  });

  it("[C8] a vote on the edited text, then undo: each commissioner's vote on the restored text counts again", () => {
    const d = start();
    const votes = agreeAll(d);
    const state = EditorState.create({ doc: d });
    const edited = state.apply(state.tr.insertText('!', textStart(d, 'p2') + 'Pay stays the same'.length)).doc;
    const newFp = view(edited, votes).byId.get('p2')!.block.fingerprint;
    votes.p2!.push(vote('ann', 'dispute', newFp, 'too strong'));
    expect(statusOf(edited, votes, 'p2')!.status).toBe('disputed');
    expect(statusOf(d, votes, 'p2')).toMatchObject({ status: 'agreed', stale: false }); // back to the text both agreed to
  });

  it('[C16] split: the first half keeps the id and its votes go stale; the second half is new and unreviewed', () => {
    const d = start();
    const votes = agreeAll(d);
    const state = EditorState.create({ doc: d });
    const tr = state.tr.split(textStart(d, 'p1') + 'We recommend'.length);
    // In the editor UniqueID gives the copy a fresh id in the same transaction; do what it does.
    const second = tr.doc.resolve(tr.mapping.map(textStart(d, 'p1') + 'We recommend'.length)).before();
    tr.setNodeMarkup(second, undefined, { ...tr.doc.nodeAt(second)!.attrs, id: 'p1-b' });
    const split = state.apply(tr).doc;
    const v = view(split, votes);
    expect(v.entries.map((e) => e.block.id)).toEqual(['h1', 'p1', 'p1-b', 'p2', 'l1']);
    expect(v.byId.get('p1')!.block.text).toBe('We recommend');
    expect(v.byId.get('p1')!.consensus).toMatchObject({ status: 'unreviewed', stale: true });
    expect(v.byId.get('p1-b')!.consensus).toMatchObject({ status: 'unreviewed', stale: false, pending: board });
  });

  it('[C17] merge: the surviving block keeps its id and its votes go stale; the absorbed id is orphaned', () => {
    const d = start();
    const votes = agreeAll(d);
    const state = EditorState.create({ doc: d });
    const joined = state.apply(state.tr.join(textStart(d, 'p2') - 1)).doc;
    const v = view(joined, votes);
    expect(v.entries.map((e) => e.block.id)).toEqual(['h1', 'p1', 'l1']);
    expect(v.byId.get('p1')!.block.text).toBe('We recommend a four-day week.Pay stays the same.');
    expect(v.byId.get('p1')!.consensus).toMatchObject({ status: 'unreviewed', stale: true });
    expect(v.orphaned).toEqual(['p2']);
  });

  it("[C18] delete: the block's votes are orphaned — reported, counted nowhere, kept in the input", () => {
    const d = start();
    const votes = agreeAll(d);
    const state = EditorState.create({ doc: d });
    const at = textStart(d, 'p2') - 1;
    const deleted = state.apply(state.tr.delete(at, at + d.nodeAt(at)!.nodeSize)).doc;
    const v = view(deleted, votes);
    expect(v.byId.has('p2')).toBe(false);
    expect(v.orphaned).toEqual(['p2']);
    expect(v.rollup.totals.total).toBe(3);
    expect(v.rollup.totals.agreed).toBe(3);
    expect(votes.p2).toHaveLength(2);
  });

  it('[C18] a deleted block that comes back by undo, with its id and text, has its votes again', () => {
    const d = start();
    const votes = agreeAll(d);
    let state = EditorState.create({ doc: d, plugins: [history()] });
    const dispatch = (tr: import('@tiptap/pm/state').Transaction) => (state = state.apply(tr));
    const at = textStart(d, 'p2') - 1;
    dispatch(state.tr.delete(at, at + d.nodeAt(at)!.nodeSize));
    expect(view(state.doc, votes).orphaned).toEqual(['p2']);
    undo(state, dispatch);
    expect(statusOf(state.doc, votes, 'p2')).toMatchObject({ status: 'agreed', stale: false });
    expect(view(state.doc, votes).orphaned).toEqual([]);
  });

  it('[C19] move: a block moved elsewhere — even into a list or quote — keeps id, text and votes', () => {
    const d = start();
    const votes = agreeAll(d);
    const state = EditorState.create({ doc: d, selection: TextSelection.atStart(d) });
    const at = textStart(d, 'p1') - 1;
    const node = d.nodeAt(at)!;
    const tr = state.tr.delete(at, at + node.nodeSize);
    tr.insert(tr.doc.content.size, quote(node));
    const moved = state.apply(tr).doc;
    const v = view(moved, votes);
    expect(v.entries.map((e) => e.block.id)).toEqual(['h1', 'p2', 'l1', 'p1']);
    expect(v.byId.get('p1')!.block.path).toEqual(['blockquote']);
    expect(v.byId.get('p1')!.consensus).toMatchObject({ status: 'agreed', stale: false });
  });

  it('[C19] moving a block into another section moves its status with it', () => {
    const d = doc(h(1, 'a', 'A'), p('x', 'Moves'), h(1, 'b', 'B'));
    const votes = agreeAll(d);
    const moved = doc(h(1, 'a', 'A'), h(1, 'b', 'B'), p('x', 'Moves'));
    const v = view(moved, votes);
    expect(v.byId.get('x')!.block.sectionId).toBe('b');
    expect(v.rollup.sections.map((s) => [s.key, s.agreed])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});
