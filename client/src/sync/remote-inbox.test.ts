// @vitest-environment happy-dom
/**
 * Other people's keystrokes and carets arriving within one frame reach the
 * editor as one Yjs transaction, one binding transaction and one view update,
 * with every caret drawn; carets moving alone wait for the next frame with
 * edits (or a tenth of a second) and are then one redraw, my own presence
 * none; a key I press keeps the frame that paints it; and messages that must
 * see the updates before them (`saved`, events) do.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { Editor } from '@tiptap/core';
import { absolutePositionToRelativePosition, yXmlFragmentToProseMirrorRootNode, ySyncPluginKey } from '@tiptap/y-tiptap';
import { Y_FRAGMENT_NAME } from '@concord/shared';
import { installIncrementalSync } from '../editor/y-binding/incremental-sync';
import { bindingCounters, resetBindingCounters } from '../editor/y-binding/counters';
import { mountCollaborativeEditor, seedReport, seededCollaborators } from '../editor/y-binding/test-peers';
import { QuietCollaborationCaret, caretCounters } from '../editor/quiet-caret';
import { RemoteInbox, inboxCounters } from './remote-inbox';
import { testFrames } from './test-frames';

const COLLABORATORS = 5;
/** What the session's provider is: the origin of updates applied from the server. */
const SERVER = Symbol('server');

const cleanups: (() => void)[] = [];
beforeAll(() => installIncrementalSync());
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** How long carets moving alone wait here: short, so that a test waiting for them is quick. */
const PRESENCE_WAIT_MS = 10;

function setup(blocks = 300) {
  const seed = seedReport(blocks);
  const frames = testFrames();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seed);
  const awareness = new Awareness(doc);
  const editor = mountCollaborativeEditor(doc, [
    // The caret extension needs only the awareness (UniqueID looks for on/off: the seed has ids).
    QuietCollaborationCaret.configure({
      provider: { awareness, on: () => undefined, off: () => undefined },
      user: { name: 'Me', color: '#336699' },
      frames: frames.scheduler,
    }),
  ]);
  const inbox = new RemoteInbox(doc, SERVER, frames.scheduler, PRESENCE_WAIT_MS);

  // What the server relays: each update as a message of its own.
  const collaborators = seededCollaborators(COLLABORATORS, seed, (update) => inbox.receiveUpdate(update));
  cleanups.push(() => {
    editor.destroy();
    [doc, ...collaborators.map((c) => c.doc)].forEach((d) => d.destroy());
  });

  /** Collaborator c types `text` at the end of top-level block `index`. */
  const type = (c: number, index: number, text: string) => {
    const block = collaborators[c]!.doc.getXmlFragment(Y_FRAGMENT_NAME).get(index) as Y.XmlElement;
    const t = block.get(0) as Y.XmlText;
    t.insert(t.length, text);
  };
  /** Collaborator c's caret moves to the start of top-level block `index`; the presence message goes to the inbox. */
  const moveCaret = (c: number, index: number) => {
    const { awareness: caware } = collaborators[c]!;
    let at = 1;
    for (let i = 0; i < index; i++) at += editor.state.doc.child(i).nodeSize;
    const binding = (ySyncPluginKey.getState(editor.state) as { binding: { type: Y.XmlFragment; mapping: Map<unknown, unknown> } }).binding;
    const rel = absolutePositionToRelativePosition(at, binding.type, binding.mapping as never);
    caware.setLocalStateField('cursor', { anchor: rel, head: rel });
    const message = encodeAwarenessUpdate(caware, [caware.clientID]);
    inbox.receivePresence(() => applyAwarenessUpdate(awareness, message, SERVER));
  };

  // Work counted from here on.
  const counts = { serverTransactions: 0, editorTransactions: 0 };
  doc.on('afterTransaction', (tr: Y.Transaction) => void (tr.origin === SERVER && counts.serverTransactions++));
  editor.on('transaction', () => void counts.editorTransactions++);
  const reset = () => {
    counts.serverTransactions = 0;
    counts.editorTransactions = 0;
    caretCounters.redrawn = 0;
    resetBindingCounters();
  };
  const caretsDrawn = () => editor.view.dom.querySelectorAll('.collaboration-carets__caret').length;
  return { editor, doc, awareness, inbox, frames, type, moveCaret, counts, reset, caretsDrawn };
}

const blockText = (editor: Editor, index: number) => editor.state.doc.child(index).textContent;

describe('remote inbox: other people, once a frame', () => {
  it('five keystrokes and five caret moves in one frame: one transaction, one view update, every caret drawn', () => {
    const { editor, frames, type, moveCaret, counts, reset, caretsDrawn } = setup();
    reset();
    for (let c = 0; c < COLLABORATORS; c++) {
      type(c, 3 + c * 7, `<${c}>`);
      moveCaret(c, 3 + c * 7);
    }
    // Nothing reaches the editor before the frame.
    expect(counts.serverTransactions).toBe(0);
    expect(counts.editorTransactions).toBe(0);
    expect(blockText(editor, 3)).not.toContain('<0>');

    frames.frame();
    expect(counts.serverTransactions).toBe(1);
    expect(bindingCounters.incrementalUpdates).toBe(1);
    expect(bindingCounters.blocksReplaced).toBe(COLLABORATORS);
    expect(counts.editorTransactions).toBe(1);
    // The carets came with the edits' view update: no redraw of their own.
    expect(caretCounters.redrawn).toBe(0);
    expect(caretsDrawn()).toBe(COLLABORATORS);
    for (let c = 0; c < COLLABORATORS; c++) expect(blockText(editor, 3 + c * 7)).toContain(`<${c}>`);
    expect(frames.scheduler.pending).toBe(false);
  });

  it('carets moving alone ask for no frame: they are drawn in the next frame with edits, with them', () => {
    const { editor, frames, type, moveCaret, counts, reset, caretsDrawn } = setup();
    reset();
    const presenceAlone = inboxCounters.presenceAlone;
    for (let c = 0; c < COLLABORATORS; c++) moveCaret(c, 2 + c);
    expect(frames.requested()).toBe(0);
    frames.frame();
    expect(counts.editorTransactions).toBe(0);
    expect(caretsDrawn()).toBe(0);

    type(0, 30, '<e>');
    frames.frame();
    expect(counts.serverTransactions).toBe(1);
    expect(counts.editorTransactions).toBe(1);
    expect(caretCounters.redrawn).toBe(0);
    expect(caretsDrawn()).toBe(COLLABORATORS);
    expect(blockText(editor, 30)).toContain('<e>');
    expect(inboxCounters.presenceAlone).toBe(presenceAlone);
  });

  it('carets moving alone, no edits: one redraw once the wait is over; my own presence changing: none', async () => {
    const { frames, awareness, moveCaret, counts, reset, caretsDrawn } = setup();
    for (let c = 0; c < COLLABORATORS; c++) moveCaret(c, 2 + c);
    await expect.poll(() => frames.scheduler.pending).toBe(true);
    frames.frame();
    expect(caretsDrawn()).toBe(COLLABORATORS);

    reset();
    const presenceAlone = inboxCounters.presenceAlone;
    for (let c = 0; c < COLLABORATORS; c++) moveCaret(c, 40 + c);
    expect(frames.requested()).toBe(0);
    await expect.poll(() => frames.scheduler.pending).toBe(true);
    frames.frame();
    expect(inboxCounters.presenceAlone).toBe(presenceAlone + 1);
    expect(caretCounters.redrawn).toBe(1);
    expect(counts.editorTransactions).toBe(1);
    expect(counts.serverTransactions).toBe(0);

    // My caret is announced to others but never drawn here: nothing to redraw.
    reset();
    awareness.setLocalStateField('cursor', { anchor: null, head: null });
    awareness.setLocalStateField('user', { name: 'Me again', color: '#336699' });
    expect(frames.scheduler.pending).toBe(false);
    frames.frame();
    expect(caretCounters.redrawn).toBe(0);
    expect(counts.editorTransactions).toBe(0);
  });

  it('a key I press keeps its frame: updates that arrived before it are applied in the frame after', () => {
    const { editor, frames, type, counts, reset } = setup();
    reset();
    type(0, 5, '<a>');
    frames.key();
    editor.commands.insertContentAt(editor.state.doc.child(0).nodeSize - 1, 'mine');
    frames.frame(); // paints my key
    expect(counts.serverTransactions).toBe(0);
    expect(blockText(editor, 5)).not.toContain('<a>');
    frames.frame();
    expect(counts.serverTransactions).toBe(1);
    expect(blockText(editor, 5)).toContain('<a>');
    expect(blockText(editor, 0)).toContain('mine');
  });

  it('saved and events run after the updates that arrived before them; flush applies at once', () => {
    const { editor, inbox, frames, type } = setup();
    const seen: string[] = [];
    type(1, 8, '<b>');
    inbox.receiveAfterUpdates(() => seen.push(`saved, block 8 = ${blockText(editor, 8)}`));
    frames.frame();
    expect(seen).toEqual([`saved, block 8 = ${blockText(editor, 8)}`]);
    expect(seen[0]).toContain('<b>');

    // Before a sync step 1 or 2 the session flushes: no frame needed.
    type(2, 9, '<c>');
    inbox.flush();
    expect(blockText(editor, 9)).toContain('<c>');
  });

  it('local typing while remote updates wait in the inbox: the editor ends up equal to its Y.Doc', () => {
    const { editor, doc, frames, type } = setup();
    for (let round = 0; round < 20; round++) {
      type(round % COLLABORATORS, 10 + (round % 3), `r${round}`);
      // I type in one of the same paragraphs while the update waits.
      const index = 10 + ((round + 1) % 3);
      let end = 0;
      for (let i = 0; i <= index; i++) end += editor.state.doc.child(i).nodeSize;
      editor.commands.insertContentAt(end - 1, `m${round}`);
      if (round % 4 === 3) frames.frame();
    }
    frames.frame();
    for (let round = 0; round < 20; round++) {
      const all = [10, 11, 12].map((i) => blockText(editor, i)).join('|');
      expect(all).toContain(`r${round}`);
      expect(all).toContain(`m${round}`);
    }
    expect(editor.state.doc.toJSON()).toEqual(
      yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(Y_FRAGMENT_NAME), editor.schema).toJSON(),
    );
  });
});
