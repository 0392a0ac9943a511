// @vitest-environment happy-dom
/** The incremental binding's promises, by count: one remote keystroke touches one block, whatever the document's size. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Node as PMNode } from '@tiptap/pm/model';
import { ySyncPluginKey, type ProsemirrorBinding } from '@tiptap/y-tiptap';
import { installIncrementalSync } from './incremental-sync';
import { bindingCounters, resetBindingCounters } from './counters';
import { createPeers, deliver, destroyPeers, seedReport, settle, yjsDocOf, type Peer } from './test-peers';

let peers: Peer[] = [];
beforeAll(() => installIncrementalSync());
afterEach(() => destroyPeers(peers.splice(0)));

/** Position at the end of the text of top-level block `index`. */
function endOf(doc: PMNode, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos + doc.child(index).nodeSize - 1;
}

function remoteKeystroke(blocks: number) {
  peers = createPeers(2, [], seedReport(blocks));
  const [a, b] = peers as [Peer, Peer];
  // Someone typed already (the first remote change after opening indexes the blocks once).
  a.editor.commands.setTextSelection(endOf(a.editor.state.doc, 3));
  a.editor.commands.insertContent('w');
  deliver(b);
  const before = b.editor.state.doc;
  a.editor.commands.setTextSelection(endOf(a.editor.state.doc, Math.floor(blocks / 2)));
  a.editor.commands.insertContent('x');
  resetBindingCounters();
  deliver(b);
  const after = b.editor.state.doc;
  let kept = 0;
  for (let i = 0; i < after.childCount; i++) if (after.child(i) === before.child(i)) kept++;
  return { counters: { ...bindingCounters }, kept, total: after.childCount };
}

describe('incremental binding', () => {
  it('a remote keystroke rebuilds and replaces one block, on 300 and on 1,500 blocks alike', () => {
    const small = remoteKeystroke(300);
    destroyPeers(peers.splice(0));
    const large = remoteKeystroke(1500);
    for (const run of [small, large]) {
      expect(run.counters.incrementalUpdates).toBe(1);
      expect(run.counters.fullUpdates).toBe(0);
      expect(run.counters.blocksReplaced).toBe(1);
      // The paragraph itself (its text is a Y.XmlText inside it).
      expect(run.counters.nodesBuilt).toBe(1);
      // Found from the Y types that changed: neither list of blocks was made.
      expect(run.counters.blocksListed).toBe(0);
      expect(run.kept).toBe(run.total - 1);
    }
    expect(large.counters).toEqual(small.counters);
  }, 60_000);

  it('a local keystroke is written to Yjs by comparing its block only, on 300 and on 1,500 blocks alike', () => {
    for (const blocks of [300, 1500]) {
      peers = createPeers(2, [], seedReport(blocks));
      const [a, b] = peers as [Peer, Peer];
      // Typed once already: the first editor update after opening compares the whole document once.
      a.editor.commands.setTextSelection(endOf(a.editor.state.doc, 3));
      a.editor.commands.insertContent('w');
      a.editor.commands.setTextSelection(endOf(a.editor.state.doc, Math.floor(blocks / 2)));
      resetBindingCounters();
      a.editor.commands.insertContent('x');
      expect(bindingCounters.blockSyncs).toBe(1);
      expect(bindingCounters.fragmentSyncs).toBe(0);
      // What Yjs holds is what the editor shows, and the other editor gets it.
      expect(yjsDocOf(a).eq(a.editor.state.doc)).toBe(true);
      settle(peers);
      expect(b.editor.state.doc.toJSON()).toEqual(a.editor.state.doc.toJSON());
      expect(b.editor.state.doc.child(Math.floor(blocks / 2)).textContent).toMatch(/x$/);
      destroyPeers(peers.splice(0));
    }
  }, 60_000);

  it('writing a local keystroke to Yjs looks up as many blocks in the last block of 1,500 as in the first of 300', () => {
    /** Blocks the binding looks up (its Y type → node mapping) while it writes one keystroke at the end of block `at`. */
    const lookupsWriting = (blocks: number, at: (count: number) => number) => {
      peers = createPeers(1, [], seedReport(blocks));
      const [a] = peers as [Peer];
      const binding = (ySyncPluginKey.getState(a.editor.state) as { binding: ProsemirrorBinding }).binding;
      // Typed once already: the first editor update after opening compares the whole document once.
      a.editor.commands.setTextSelection(endOf(a.editor.state.doc, 3));
      a.editor.commands.insertContent('w');
      let writing = false;
      let lookups = 0;
      const mapping = binding.mapping as Map<unknown, unknown>;
      const get = mapping.get.bind(mapping);
      mapping.get = (key) => (writing && lookups++, get(key));
      const write = binding._prosemirrorChanged.bind(binding);
      binding._prosemirrorChanged = (doc) => {
        writing = true;
        try {
          write(doc);
        } finally {
          writing = false;
        }
      };
      a.editor.commands.setTextSelection(endOf(a.editor.state.doc, at(a.editor.state.doc.childCount)));
      resetBindingCounters();
      a.editor.commands.insertContent('x');
      expect(bindingCounters.blockSyncs).toBe(1);
      // The caret as relative positions (a walk from the top to it) is not computed: nothing reads it.
      expect(bindingCounters.relativeSelections).toBe(0);
      expect(yjsDocOf(a).eq(a.editor.state.doc)).toBe(true);
      destroyPeers(peers.splice(0));
      return lookups;
    };
    const first = lookupsWriting(300, () => 0);
    const last = lookupsWriting(1500, (count) => count - 1);
    expect(last).toBe(first);
  }, 60_000);

  it('opening a report compares nothing with Yjs: the document built from it is known to equal it', () => {
    for (const blocks of [300, 1500]) {
      resetBindingCounters();
      peers = createPeers(1, [], seedReport(blocks));
      const [a] = peers as [Peer];
      expect(a.editor.state.doc.childCount).toBe(blocks);
      // Updates that change nothing, as EditorContent's setOptions when it mounts the editor.
      a.editor.setOptions({});
      a.editor.view.updateState(a.editor.state);
      expect(bindingCounters.fragmentSyncs).toBe(0);
      // The first keystroke is written by comparing its own block only.
      a.editor.commands.setTextSelection(endOf(a.editor.state.doc, 3));
      a.editor.commands.insertContent('x');
      expect(bindingCounters.fragmentSyncs).toBe(0);
      expect(bindingCounters.blockSyncs).toBe(1);
      expect(yjsDocOf(a).eq(a.editor.state.doc)).toBe(true);
      destroyPeers(peers.splice(0));
    }
  });

  it('a change of more than one block, or of the blocks themselves, is compared as a whole', () => {
    peers = createPeers(2, [], seedReport(40));
    const [a, b] = peers as [Peer, Peer];
    a.editor.commands.setTextSelection(endOf(a.editor.state.doc, 5));
    a.editor.commands.insertContent('w');
    resetBindingCounters();
    // A split makes a new block.
    a.editor.commands.splitBlock();
    expect(bindingCounters.blockSyncs).toBe(0);
    expect(bindingCounters.fragmentSyncs).toBe(1);
    // One transaction changing two blocks.
    const { doc } = a.editor.state;
    a.editor.view.dispatch(a.editor.state.tr.insertText('1', endOf(doc, 2)).insertText('2', endOf(doc, 30) + 1));
    expect(bindingCounters.blockSyncs).toBe(0);
    expect(bindingCounters.fragmentSyncs).toBe(2);
    // A paragraph turned into a heading (another Y type name).
    a.editor.commands.setTextSelection(endOf(a.editor.state.doc, 8));
    a.editor.commands.setNode('heading', { level: 3 });
    expect(bindingCounters.blockSyncs).toBe(0);
    expect(bindingCounters.fragmentSyncs).toBe(3);
    expect(yjsDocOf(a).eq(a.editor.state.doc)).toBe(true);
    settle(peers);
    expect(b.editor.state.doc.toJSON()).toEqual(a.editor.state.doc.toJSON());
  });

  it('keeps the local caret on its character when a collaborator types before it in the same paragraph', () => {
    peers = createPeers(2);
    const [a, b] = peers as [Peer, Peer];
    a.editor.commands.setContent('<p>alpha beta gamma</p><p>second</p>');
    settle(peers);
    // B's caret after "beta"; A types at the start of the same paragraph.
    b.editor.commands.setTextSelection(1 + 'alpha beta'.length);
    a.editor.commands.setTextSelection(1);
    a.editor.commands.insertContent('NEW ');
    deliver(b);
    const { from } = b.editor.state.selection;
    expect(b.editor.state.doc.textBetween(1, from)).toBe('NEW alpha beta');
  });

  it('keeps the local caret when a collaborator splits the paragraph before it', () => {
    peers = createPeers(2);
    const [a, b] = peers as [Peer, Peer];
    a.editor.commands.setContent('<p>one two three four</p>');
    settle(peers);
    b.editor.commands.setTextSelection(1 + 'one two three'.length);
    a.editor.commands.setTextSelection(1 + 'one'.length);
    a.editor.commands.splitBlock();
    deliver(b);
    const { $from } = b.editor.state.selection;
    expect($from.parent.textContent).toBe(' two three four');
    expect($from.parentOffset).toBe(' two three'.length);
  });
});
