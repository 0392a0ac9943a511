// @vitest-environment happy-dom
/**
 * Block ids are what votes hang on: unique and stable across concurrent edits,
 * paste of copied blocks, splits (the first half keeps the id) and undo.
 * Real TipTap editors (shared schema + Collaboration), headless in happy-dom,
 * syncing through Yjs updates we deliver by hand.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ydocToProseMirror, isBlockNodeType } from '@concord/shared';
import { assignMissingBlockIds } from '@concord/server/consensus/block-ids';
import { UndoSelectionFix } from '../../client/src/editor/undo-selection-fix.js';
import { installIncrementalSync, uninstallIncrementalSync } from '../../client/src/editor/y-binding/incremental-sync.js';
import type { Extensions } from '@tiptap/core';
import {
  blockIds,
  blocks,
  clearStaleUndoSelection,
  copy,
  copySelection,
  createPeer,
  selectBlock,
  destroyPeer,
  duplicates,
  Network,
  newUndoStep,
  paste,
  posIn,
  type Peer,
} from './support/headless-editor.js';
import { prng } from './support/typists.js';

const peers: Peer[] = [];
afterEach(() => {
  vi.useRealTimers();
  peers.splice(0).forEach(destroyPeer);
});

function connected(count: number, options: { recover?: boolean; extra?: Extensions } = {}): { network: Network; all: Peer[] } {
  const all = Array.from({ length: count }, (_, i) => createPeer(String.fromCharCode(65 + i), 1000 + i, options.extra));
  peers.push(...all);
  return { network: new Network(all, options), all };
}

/** What the server reads from the Y.Doc (same schema, no editor). */
function storedIds(doc: Y.Doc): (string | null)[] {
  const ids: (string | null)[] = [];
  ydocToProseMirror(doc).descendants((node) => {
    if (isBlockNodeType(node.type.name)) ids.push((node.attrs.id as string | null) ?? null);
    return true;
  });
  return ids;
}

/** Every block has an id, no id twice, and every peer and the stored document agree. */
function expectSoundIds(all: Peer[]): string[] {
  const ids = blockIds(all[0]!.editor);
  expect(
    ids.every((id) => typeof id === 'string' && id.length > 0),
    `missing ids: ${JSON.stringify(ids)}`,
  ).toBe(true);
  expect(duplicates(ids), 'duplicate block ids').toEqual([]);
  for (const peer of all) {
    expect(blockIds(peer.editor), `peer ${peer.name}`).toEqual(ids);
    expect(storedIds(peer.doc), `stored by ${peer.name}`).toEqual(ids);
  }
  return ids as string[];
}

const REPORT =
  '<h1>Report</h1><p>First paragraph.</p><h2>Findings</h2><p>Alpha beta gamma delta.</p>' +
  '<ul><li><p>List one</p></li><li><p>List two</p></li></ul><blockquote><p>Quoted words.</p></blockquote><p>Last paragraph.</p>';

function seeded(count = 2, options: { recover?: boolean; extra?: Extensions } = {}) {
  const { network, all } = connected(count, options);
  all[0]!.editor.commands.setContent(REPORT);
  network.settle();
  return { network, all, a: all[0]!, b: all[1]! };
}

const idOf = (peer: Peer, text: string) => blocks(peer.editor).find((b) => b.text === text)!.id;

describe('block ids', () => {
  it('every paragraph and heading, nested ones too, gets an id that all peers and the server read alike', () => {
    const { all } = seeded(3);
    const ids = expectSoundIds(all);
    expect(blocks(all[2]!.editor).map((b) => b.text)).toEqual(expect.arrayContaining(['Report', 'List one', 'Quoted words.']));
    expect(ids.length).toBeGreaterThanOrEqual(8);
  });

  describe('split', () => {
    it('in the middle: the first half keeps the id, the second gets a new one', () => {
      const { network, all, a, b } = seeded();
      const original = idOf(a, 'Alpha beta gamma delta.');
      a.editor.commands.setTextSelection(posIn(a.editor, 'Alpha beta gamma delta.', 'Alpha beta'.length));
      a.editor.commands.enter();
      network.settle();
      expect(idOf(b, 'Alpha beta')).toBe(original);
      expect(idOf(b, ' gamma delta.')).not.toBe(original);
      expectSoundIds(all);
    });

    it('at the end: the block keeps its id, the new empty block gets a new one', () => {
      const { network, all, a } = seeded();
      const original = idOf(a, 'First paragraph.');
      a.editor.commands.setTextSelection(posIn(a.editor, 'First paragraph.', 'First paragraph.'.length));
      a.editor.commands.enter();
      a.editor.commands.insertContent('Brand new');
      network.settle();
      expect(idOf(a, 'First paragraph.')).toBe(original);
      expect(idOf(a, 'Brand new')).not.toBe(original);
      expectSoundIds(all);
    });

    it('in a heading and in a list item: the first half keeps the id', () => {
      const { network, all, a } = seeded();
      const heading = idOf(a, 'Findings');
      const item = idOf(a, 'List one');
      a.editor.commands.setTextSelection(posIn(a.editor, 'Findings', 4));
      a.editor.commands.enter();
      a.editor.commands.setTextSelection(posIn(a.editor, 'List one', 4));
      a.editor.commands.enter();
      network.settle();
      expect(idOf(a, 'Find')).toBe(heading);
      expect(idOf(a, 'List')).toBe(item);
      expect(blocks(a.editor).map((b) => b.text)).toEqual(expect.arrayContaining(['ings', ' one']));
      expectSoundIds(all);
    });

    it('at the very start: an empty block is inserted before, and the text keeps its id', () => {
      // UniqueID moves the id to the half that holds the text, so agreement stays with the words.
      const { network, all, a } = seeded();
      const original = idOf(a, 'Last paragraph.');
      a.editor.commands.setTextSelection(posIn(a.editor, 'Last paragraph.', 0));
      a.editor.commands.enter();
      network.settle();
      expect(idOf(a, 'Last paragraph.')).toBe(original);
      expectSoundIds(all);
    });
  });

  describe('paste of copied blocks', () => {
    it('never duplicates an id, in the same editor or another peer, however often', () => {
      const { network, all, a, b } = seeded();
      const before = blockIds(a.editor);
      const html = copy(a.editor, posIn(a.editor, 'First paragraph.'), posIn(a.editor, 'Alpha beta gamma delta.', 5));
      expect(html).toContain('data-id='); // the clipboard carries the ids …
      paste(a.editor, html, posIn(a.editor, 'Last paragraph.', 'Last paragraph.'.length));
      paste(a.editor, html, posIn(a.editor, 'Report', 0));
      network.settle();
      paste(b.editor, html, posIn(b.editor, 'Quoted words.', 6));
      network.settle();
      const after = expectSoundIds(all); // … but pasted blocks get new ones
      expect(after.length).toBeGreaterThan(before.length);
      for (const id of before) expect(after).toContain(id);
      // The heading in the middle of the copied range was pasted whole, three times.
      expect(blocks(a.editor).filter((b) => b.text === 'Findings').length).toBe(4);
    });

    it('cut and paste moves the text to a new id (agreement does not travel with a copy)', () => {
      const { network, all, a } = seeded();
      const original = idOf(a, 'Quoted words.');
      selectBlock(a.editor, 'Quoted words.');
      const html = copySelection(a.editor);
      a.editor.commands.deleteSelection();
      paste(a.editor, html, posIn(a.editor, 'Report', 'Report'.length));
      network.settle();
      expect(blockIds(a.editor)).not.toContain(original);
      expectSoundIds(all);
    });
  });

  describe('undo', () => {
    it('of a split gives back one block with the original id; redo brings the same second id back', () => {
      const { network, all, a } = seeded();
      const original = idOf(a, 'Alpha beta gamma delta.');
      newUndoStep(a.editor);
      a.editor.commands.setTextSelection(posIn(a.editor, 'Alpha beta gamma delta.', 5));
      a.editor.commands.enter();
      const second = idOf(a, ' beta gamma delta.');
      newUndoStep(a.editor);
      a.editor.commands.undo();
      network.settle();
      expect(idOf(a, 'Alpha beta gamma delta.')).toBe(original);
      expectSoundIds(all);
      a.editor.commands.redo();
      network.settle();
      expect(idOf(a, 'Alpha')).toBe(original);
      expect(idOf(a, ' beta gamma delta.')).toBe(second);
      expectSoundIds(all);
    });

    it('of a deletion brings the block back with its id, also after a peer edited around it', () => {
      const { network, all, a, b } = seeded();
      const original = idOf(a, 'First paragraph.');
      newUndoStep(a.editor);
      selectBlock(a.editor, 'First paragraph.');
      a.editor.commands.deleteSelection();
      network.settle();
      expect(blockIds(b.editor)).not.toContain(original);
      b.editor.commands.setTextSelection(posIn(b.editor, 'Report', 'Report'.length));
      b.editor.commands.insertContent(' (draft)');
      network.settle();
      newUndoStep(a.editor);
      a.editor.commands.undo();
      network.settle();
      expect(idOf(b, 'First paragraph.')).toBe(original);
      expect(idOf(b, 'Report (draft)')).toBeTruthy();
      expectSoundIds(all);
    });
  });

  describe('undo followed by a remote edit', () => {
    /** A undoes a change after B deleted much of the document; then B edits and A edits. */
    function scenario(workaround: boolean | 'client-extension'): { error: unknown; a: Peer; b: Peer } {
      const { network, a, b } = seeded(2, workaround === 'client-extension' ? { extra: [UndoSelectionFix] } : {});
      newUndoStep(a.editor);
      a.editor.commands.setTextSelection(posIn(a.editor, 'Last paragraph.', 'Last paragraph.'.length));
      a.editor.commands.insertContent('!');
      newUndoStep(a.editor);
      network.settle();
      b.editor.commands.setTextSelection({ from: posIn(b.editor, 'First paragraph.'), to: posIn(b.editor, 'Quoted words.', 6) });
      b.editor.commands.deleteSelection();
      network.settle();
      a.editor.commands.undo();
      if (workaround === true) clearStaleUndoSelection(a.editor);
      b.editor.commands.setTextSelection(posIn(b.editor, 'Report', 'Report'.length));
      b.editor.commands.insertContent(' 2026');
      let error: unknown;
      try {
        network.settle();
      } catch (err) {
        error = err;
      }
      a.editor.commands.setTextSelection(posIn(a.editor, 'Last paragraph.', 4));
      a.editor.commands.insertContent('X');
      network.settle();
      return { error, a, b };
    }

    // KNOWN BUG in @tiptap/y-tiptap 3.0.9 (ueberdosis/y-tiptap#48, open): the remote
    // edit throws RangeError inside A's sync observer (y-websocket's sync handler logs
    // and swallows it), A keeps showing the old text, and A's next keystroke writes that
    // stale text back: B's saved edit is silently lost on every peer and on the server.
    // This test runs the stock binding (Concord's incremental one switched off) and
    // asserts the correct behaviour: it is expected to fail until y-tiptap is fixed.
    it.fails('KNOWN BUG y-tiptap#48: the stock binding loses the remote edit', () => {
      uninstallIncrementalSync();
      try {
        const { error, a, b } = scenario(false);
        expect(error).toBeUndefined();
        expect(blocks(b.editor).map((x) => x.text)).toContain('Report 2026');
        expect(blocks(a.editor).map((x) => x.text)).toContain('Report 2026');
      } finally {
        installIncrementalSync();
      }
    });

    it("keeps the remote edit with Concord's incremental binding alone (client/src/editor/y-binding)", () => {
      const { error, a, b } = scenario(false);
      expect(error).toBeUndefined();
      for (const peer of [a, b])
        expect(blocks(peer.editor).map((x) => x.text)).toEqual(expect.arrayContaining(['Report 2026', 'LastX paragraph.']));
      expectSoundIds([a, b]);
    });

    it("keeps the remote edit with the client's UndoSelectionFix extension (what the browser editor runs)", () => {
      const { error, a, b } = scenario('client-extension');
      expect(error).toBeUndefined();
      for (const peer of [a, b])
        expect(blocks(peer.editor).map((x) => x.text)).toEqual(expect.arrayContaining(['Report 2026', 'LastX paragraph.']));
      expectSoundIds([a, b]);
    });

    it('keeps the remote edit once the stale undo selection is cleared (the workaround)', () => {
      const { error, a, b } = scenario(true);
      expect(error).toBeUndefined();
      for (const peer of [a, b])
        expect(blocks(peer.editor).map((x) => x.text)).toEqual(expect.arrayContaining(['Report 2026', 'LastX paragraph.']));
      expectSoundIds([a, b]);
    });
  });

  describe('concurrent edits', () => {
    it('two peers splitting and pasting the same blocks while apart end with unique ids', () => {
      const { network, all, a, b } = seeded();
      const shared = idOf(a, 'Alpha beta gamma delta.');
      const html = copy(a.editor, posIn(a.editor, 'List one'), posIn(a.editor, 'List two', 4));
      // Apart: nothing is delivered until both are done.
      a.editor.commands.setTextSelection(posIn(a.editor, 'Alpha beta gamma delta.', 5));
      a.editor.commands.enter();
      b.editor.commands.setTextSelection(posIn(b.editor, 'Alpha beta gamma delta.', 11));
      b.editor.commands.enter();
      paste(a.editor, html, posIn(a.editor, 'Last paragraph.', 4));
      paste(b.editor, html, posIn(b.editor, 'Last paragraph.', 4));
      network.settle();
      expect(a.doc.getXmlFragment('default').toString()).toBe(b.doc.getXmlFragment('default').toString());
      expect(blockIds(a.editor)).toContain(shared);
      expectSoundIds(all);
    });

    it('two peers who both delete the same block and both undo restore it twice under one id: the server repair renames the later copy', () => {
      const { network, all, a, b } = seeded();
      const original = idOf(a, 'Quoted words.');
      for (const peer of [a, b]) {
        newUndoStep(peer.editor);
        selectBlock(peer.editor, 'Quoted words.');
        peer.editor.commands.deleteSelection();
        newUndoStep(peer.editor);
      }
      network.settle();
      for (const peer of [a, b]) {
        peer.editor.commands.undo();
        clearStaleUndoSelection(peer.editor);
      }
      network.settle();
      // Yjs restores a deleted block by inserting a copy; each peer restored its own.
      const restored = blocks(a.editor).filter((x) => x.text === 'Quoted words.');
      expect(restored.map((x) => x.id)).toEqual([original, original]);
      expect(duplicates(blockIds(b.editor))).toEqual([original]);
      // Editors never re-mint ids that arrive from peers; the server does after each commit.
      expect(assignMissingBlockIds(a.doc)).toBe(1);
      network.settle();
      const ids = expectSoundIds(all);
      expect(ids).toContain(original);
      expect(blocks(b.editor).filter((x) => x.text === 'Quoted words.')[0]!.id).toBe(original); // the first keeps it
    });

    const SEED = Number(process.env.BLOCK_ID_SEED ?? 1); // seed 1 makes the editors produce duplicates (concurrent undo)
    const STEPS = Number(process.env.BLOCK_ID_STEPS ?? 200);
    it(`random concurrent edits by three peers converge (seed ${SEED}); the server repairs any duplicate`, () => {
      // Y.UndoManager groups changes by wall-clock time; a frozen clock leaves grouping to newUndoStep (replayable).
      vi.useFakeTimers({ toFake: ['Date'] });
      const random = prng(SEED);
      const { network, all } = seeded(3, { recover: true });
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const textPositions = (peer: Peer) =>
        blocks(peer.editor).flatMap((b) => Array.from({ length: b.text.length + 1 }, (_, i) => b.pos + 1 + i));
      let duplicateRounds = 0;
      let renamed = 0;
      for (let step = 0; step < STEPS; step++) {
        const peer = pick(all);
        const editor = peer.editor;
        const at = pick(textPositions(peer));
        switch (pick(['type', 'type', 'enter', 'enter', 'join', 'deleteRange', 'copyPaste', 'undo', 'redo'] as const)) {
          case 'type':
            editor.commands.setTextSelection(at);
            editor.commands.insertContent(pick(['a', 'b ', 'word ', 'Agreed. ']));
            break;
          case 'enter':
            editor.commands.setTextSelection(at);
            editor.commands.enter();
            break;
          case 'join':
            editor.commands.setTextSelection(pick(blocks(editor)).pos + 1);
            editor.commands.keyboardShortcut('Backspace');
            break;
          case 'deleteRange': {
            const to = pick(textPositions(peer));
            editor.commands.setTextSelection({ from: Math.min(at, to), to: Math.max(at, to) });
            editor.commands.deleteSelection();
            break;
          }
          case 'copyPaste': {
            const to = pick(textPositions(peer));
            const html = copy(editor, Math.min(at, to), Math.max(at, to));
            const target = pick(all);
            paste(target.editor, html, pick(textPositions(target)));
            break;
          }
          case 'undo':
            newUndoStep(editor);
            editor.commands.undo();
            clearStaleUndoSelection(editor); // y-tiptap#48: see 'undo followed by a remote edit'
            break;
          case 'redo':
            editor.commands.redo();
            clearStaleUndoSelection(editor);
            break;
        }
        if (random() < 0.25) newUndoStep(editor);
        if (random() < 0.3) serverRound();
      }
      serverRound();
      const states = all.map((p) => p.doc.getXmlFragment('default').toString());
      expect(new Set(states).size, 'peers did not converge').toBe(1);
      expect(network.editorErrors, 'an editor failed to show a remote update').toEqual([]);
      if (process.env.BLOCK_ID_VERBOSE) {
        console.info(
          `[block ids] seed ${SEED}: editors produced duplicate ids ${duplicateRounds} times; the server pass renamed ${renamed} blocks`,
        );
      }

      /** Everyone syncs; the server's pass (after every commit) fixes ids; then every peer and the store agree, ids unique. */
      function serverRound(): void {
        network.settle();
        if (duplicates(blockIds(all[0]!.editor)).length > 0) duplicateRounds++;
        renamed += assignMissingBlockIds(all[0]!.doc);
        network.settle();
        expectSoundIds(all);
      }
    });
  });
});
