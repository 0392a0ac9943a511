// @vitest-environment happy-dom
/**
 * Typing costs the same on a 1,500-block report as on a 300-block one — shown
 * by counting, not timing. The editor runs Concord's editing stack (schema and
 * unique ids, Collaboration with the incremental binding, carets of five
 * collaborators, the consensus gutter with 16 commissioners' votes on every
 * block, comment markers on every tenth block); five collaborators type through
 * Yjs and move their carets. For one local keystroke, one remote keystroke and
 * one remote caret move we count: document nodes visited by any plugin (every
 * callback of nodesBetween/descendants), nodes the binding built from Yjs,
 * blocks it replaced, gutter markers replaced and DOM mutations in the editor.
 */
import { DecorationSet } from '@tiptap/pm/view';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate, applyAwarenessUpdate } from 'y-protocols/awareness';
import { Extension, type Editor } from '@tiptap/core';
import { Fragment, type Node as PMNode } from '@tiptap/pm/model';
import { absolutePositionToRelativePosition, prosemirrorJSONToYXmlFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import { concordSchema, Y_FRAGMENT_NAME } from '@concord/shared';
import { installIncrementalSync } from './y-binding/incremental-sync';
import { mountCollaborativeEditor, seededCollaborators } from './y-binding/test-peers';
import { bindingCounters, resetBindingCounters } from './y-binding/counters';
import { UndoSelectionFix } from './undo-selection-fix';
import { QuietCollaborationCaret, caretCounters, providerHearingOthersOnly } from './quiet-caret';
import { gutterKey, gutterRowsComputed, gutterPlugin } from './gutter/gutter-plugin';
import { threadMarkersPlugin } from '../comments/thread-markers';
import type { ThreadStore } from '../comments/thread-store';
import { consensusJson, loadedStore } from '../consensus/test-fixtures';
import type { ConsensusStore } from '../consensus/consensus-store';
import { touchesHeadings } from './outline';
import { RemoteInbox } from '../sync/remote-inbox';
import { testFrames } from '../sync/test-frames';
import { installDecorationLookup, lookupCounters } from './decoration-lookup';
import { topLevelCounters } from './top-level-update';
import { TopLevelUpdate } from './extensions';
import { AppendGuards, appendGuardCounters } from './append-guards';
import { resetTopLevelIndexCounters, topLevelIndexCounters } from './y-binding/top-level-index';

installIncrementalSync();
installDecorationLookup();

// Every node any plugin visits through nodesBetween/descendants (the way ProseMirror code walks a document).
let visits = 0;
const COUNTED = Symbol('counted');
type Visit = ((node: PMNode, pos: number, parent: PMNode | null, index: number) => boolean | undefined) & { [COUNTED]?: true };
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call below
const nodesBetween = Fragment.prototype.nodesBetween;
Fragment.prototype.nodesBetween = function (this: Fragment, from: number, to: number, f: Visit, nodeStart?: number, parent?: PMNode) {
  let counted = f;
  if (!f[COUNTED]) {
    counted = ((node, pos, p, index) => (visits++, f(node, pos, p, index))) as Visit;
    counted[COUNTED] = true;
  }
  return nodesBetween.call(this, from, to, counted, nodeStart, parent);
} as typeof nodesBetween;

const COLLABORATORS = 5;
let myPresenceChanges = 0;
let transactions = 0;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** A report: a heading every 10th block, a bullet list every 12th, ids b0, b1, … */
function reportJson(blocks: number) {
  const text = (i: number) => [
    { type: 'text', text: `${i}. The commission recommends that pay and working time in the sector be set fairly (${i}).` },
  ];
  return {
    type: 'doc',
    content: Array.from({ length: blocks }, (_, i) => {
      if (i % 10 === 0) return { type: 'heading', attrs: { id: `b${i}`, level: 2 }, content: text(i) };
      const paragraph = { type: 'paragraph', attrs: { id: `b${i}` }, content: text(i) };
      return i % 12 === 6 ? { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph] }] } : paragraph;
    }),
  };
}

/**
 * The caret extension only needs the awareness, but UniqueID (from a timer after
 * the editor is created) finds the same provider and listens for its "synced"
 * event; a real provider has on/off. The seeded report already carries ids, so
 * the event never needs to fire here.
 */
function stubProvider(awareness: Awareness) {
  return { awareness, on: () => undefined, off: () => undefined };
}

async function setup(blocks: number) {
  const seedDoc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(concordSchema(), reportJson(blocks), seedDoc.getXmlFragment(Y_FRAGMENT_NAME));
  const seed = Y.encodeStateAsUpdate(seedDoc);

  const doc = new Y.Doc();
  Y.applyUpdate(doc, seed);
  const awareness = new Awareness(doc);
  // Frames the test runs itself: caret redraws and the inbox's updates happen in `frames.frame()`.
  const frames = testFrames();
  const inbox = new RemoteInbox(doc, 'network', frames.scheduler);
  /** Whether collaborators' updates go through the inbox (applied once a frame, as the session does) or straight in. */
  const routing = { viaInbox: false };
  const pmDoc = concordSchema().nodeFromJSON(reportJson(blocks));
  const consensus = await loadedStore(consensusJson(pmDoc, 16));
  const openByBlock = new Map(Array.from({ length: Math.floor(blocks / 10) }, (_, i) => [`b${i * 10 + 1}`, 2] as const));
  // Each of those threads quotes words, which the text highlights: searched for in their block only.
  const quotesByBlock = new Map([...openByBlock.keys()].map((id) => [id, [{ threadId: `t-${id}`, quote: 'recommend' }]] as const));
  const threads = {
    getSnapshot: () => ({ threads: null, error: null, focus: null, openByBlock, quotesByBlock }),
    subscribe: () => () => {},
    focus: () => {},
    thread: () => undefined,
  } as unknown as ThreadStore;
  const editor = mountCollaborativeEditor(doc, [
    QuietCollaborationCaret.configure({
      provider: providerHearingOthersOnly(stubProvider(awareness)),
      user: { name: 'Me', color: '#336699' },
      frames: frames.scheduler,
    }),
    UndoSelectionFix,
    TopLevelUpdate,
    AppendGuards,
    Extension.create({ name: 'costProbe', addProseMirrorPlugins: () => [gutterPlugin(consensus), threadMarkersPlugin(threads)] }),
  ]);
  // The outline's check runs on every transaction, as Outline.tsx does.
  editor.on('transaction', ({ transaction }) => void touchesHeadings(transaction));
  editor.on('transaction', () => transactions++);
  awareness.on('change', ({ updated }: { updated: number[] }) => {
    if (updated.includes(awareness.clientID)) myPresenceChanges++;
  });
  // I am typing: the editor has focus, so my caret is announced.
  editor.view.focus();

  const collaborators = seededCollaborators(COLLABORATORS, seed, (update) =>
    routing.viaInbox ? inbox.receiveUpdate(update) : Y.applyUpdate(doc, update, 'network'),
  );
  cleanups.push(() => {
    editor.destroy();
    [doc, ...collaborators.map((c) => c.doc)].forEach((d) => d.destroy());
  });

  // My caret in the middle of the report, the gutter's viewport there too.
  const middle = Math.floor(blocks / 2) + 1;
  let pos = 0;
  for (let i = 0; i < middle; i++) pos += editor.state.doc.child(i).nodeSize;
  const mine = editor.state.doc.child(middle);
  editor.commands.setTextSelection(pos + mine.nodeSize - 2);
  editor.view.dispatch(editor.state.tr.setMeta(gutterKey, { viewport: { from: pos, to: pos + mine.nodeSize } }));

  /** Collaborator c types one character in top-level block `index` (their own paragraph, far from mine). */
  const remoteKeystroke = (c: number, index: number) => {
    const paragraph = collaborators[c]!.doc.getXmlFragment(Y_FRAGMENT_NAME).get(index) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    text.insert(text.length, 'y');
  };
  /** Collaborator c's caret moves to the start of top-level block `index`. */
  const remoteCaret = (c: number, index: number) => {
    const { awareness: caware } = collaborators[c]!;
    let at = 1;
    for (let i = 0; i < index; i++) at += editor.state.doc.child(i).nodeSize;
    const binding = (ySyncPluginKey.getState(editor.state) as { binding: { type: Y.XmlFragment; mapping: Map<unknown, unknown> } }).binding;
    const rel = absolutePositionToRelativePosition(at, binding.type, binding.mapping as never);
    caware.setLocalStateField('cursor', { anchor: rel, head: rel });
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(caware, [caware.clientID]), 'network');
  };
  // Everyone is present and has typed once already (first renders are not what we measure).
  for (let c = 0; c < COLLABORATORS; c++) {
    remoteCaret(c, 3 + c * 7);
    remoteKeystroke(c, 3 + c * 7);
  }
  frames.frame();
  return { editor, frames, routing, remoteKeystroke, remoteCaret, consensus };
}

interface Cost {
  visits: number;
  nodesBuilt: number;
  blocksReplaced: number;
  markersReplaced: number;
  domMutations: number;
  /** Gutter rows worked out afresh (status, containers); the others are kept from the last state. */
  gutterRows: number;
  /** Decorations in every plugin's set: the view scans them once per top-level node on each update. */
  decorations: number;
  /** Whole-document comparisons of the editor with Yjs by the binding. */
  fragmentSyncs: number;
  /** Local changes written to Yjs by comparing the one block they changed. */
  blockSyncs: number;
  /** Top-level blocks the binding listed to apply remote changes (none for changes inside blocks). */
  blocksListed: number;
  /** Times my caret's position was worked out (a walk from the top of the document to it). */
  caretRecomputes: number;
  /** Changes of my own presence (my caret announced to the others). */
  myPresenceChanges: number;
  /** Redraws of the others' carets of their own (each a transaction and a view update): at most one a frame. */
  caretRedraws: number;
  /** Editor transactions, the one measured included. */
  transactions: number;
  /**
   * Lookups of a node's decorations that scanned all of a set's own decorations (a set with
   * inline ones of its own); the view's lookups for the ~1,700 top-level blocks search instead.
   */
  decorationScans: number;
  /** Top-level blocks the view's update compared or updated (the others shown unchanged as a whole). */
  topLevelVisits: number;
  /** View updates that took prosemirror-view's own walk of every top-level block. */
  fullTopLevelUpdates: number;
  /** appendTransaction hooks (unique ids, tables, autolink, clear document) that ran their whole-document scan. */
  appendScans: number;
  /**
   * Y types looked up in the binding's mapping (Y type → node), by the binding, the undo plugin and
   * the caret plugin: a position converted by walking from the top of the report looks up every block before it.
   */
  typeLookups: number;
  /** Position conversions (caret ↔ Yjs relative position) that walked from the top instead of starting at the caret's block. */
  positionWalks: number;
}

function appendScans(): number {
  return Object.values(appendGuardCounters).reduce((sum, c) => sum + c.scanned, 0);
}

function decorationCount(editor: Editor): number {
  let count = 0;
  for (const plugin of editor.state.plugins) {
    const source = plugin.props.decorations?.call(plugin, editor.state);
    if (source instanceof DecorationSet) count += source.find().length;
  }
  return count;
}

/**
 * Lets deferred work from before (numbering after 120 ms of quiet, idle refreshes) finish: waits
 * until a whole 300 ms passes with no transaction, visit, caret or gutter work. A fixed wait was
 * not enough on a loaded machine, where that work could spill into the measured act.
 *
 * The consensus panels' whole-document view follows typing 1.5 s later, in idle time; the first
 * one after the editor opens assembles the view whole and walks every block (340 visits on 300
 * blocks). Quiet spells do not wait for it, so under a loaded suite it once landed inside a
 * measured act: it is computed here instead, which drops the scheduled one. The act schedules
 * the next 1.5 s later, long after the measurement.
 */
async function settle(consensus: ConsensusStore): Promise<void> {
  consensus.freshView();
  const work = () => visits + transactions + caretCounters.recomputed + caretCounters.redrawn + gutterRowsComputed();
  for (let attempt = 0; attempt < 50; attempt++) {
    const before = work();
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (work() === before) return;
  }
  throw new Error('the editor never went quiet for 300 ms before a measurement');
}

/** The cost of `act` and of what it set off in the frame after it (my caret announced, others' carets redrawn) and within one task. */
async function measure({ editor, frames, consensus }: Setup, act: () => void): Promise<Cost> {
  await settle(consensus);
  let domMutations = 0;
  const observer = new MutationObserver((records) => (domMutations += records.length));
  observer.observe(editor.view.dom, { subtree: true, childList: true, attributes: true, characterData: true });
  observer.takeRecords();
  resetBindingCounters();
  visits = 0;
  caretCounters.recomputed = 0;
  myPresenceChanges = 0;
  transactions = 0;
  caretCounters.redrawn = 0;
  const rowsBefore = gutterRowsComputed();
  const scansBefore = lookupCounters.scanned;
  const topLevelBefore = { ...topLevelCounters };
  const appendScansBefore = appendScans();
  resetTopLevelIndexCounters();
  act();
  // The frame after: other people's work (inbox, caret redraws) runs there.
  frames.frame();
  await new Promise((resolve) => setTimeout(resolve, 0));
  domMutations += observer.takeRecords().length;
  const cost = {
    visits,
    nodesBuilt: bindingCounters.nodesBuilt,
    blocksReplaced: bindingCounters.blocksReplaced,
    markersReplaced: gutterKey.getState(editor.state)!.lastChanged,
    domMutations,
    decorations: decorationCount(editor),
    gutterRows: gutterRowsComputed() - rowsBefore,
    fragmentSyncs: bindingCounters.fragmentSyncs,
    blockSyncs: bindingCounters.blockSyncs,
    blocksListed: bindingCounters.blocksListed,
    caretRecomputes: caretCounters.recomputed,
    myPresenceChanges,
    caretRedraws: caretCounters.redrawn,
    transactions,
    decorationScans: lookupCounters.scanned - scansBefore,
    topLevelVisits: topLevelCounters.blocksVisited - topLevelBefore.blocksVisited,
    fullTopLevelUpdates: topLevelCounters.original - topLevelBefore.original,
    appendScans: appendScans() - appendScansBefore,
    typeLookups: topLevelIndexCounters.lookups,
    positionWalks: topLevelIndexCounters.walks,
  };
  observer.disconnect();
  return cost;
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function costs(blocks: number) {
  const s = await setup(blocks);
  const { editor, remoteKeystroke, remoteCaret, routing } = s;
  const everyoneTypes = () => [0, 1, 2, 3, 4].forEach((c) => remoteKeystroke(c, 3 + c * 7));
  return {
    local: await measure(s, () => editor.view.dispatch(editor.state.tr.insertText('x'))),
    // Two keystrokes before a frame (a fast typist, or a key repeating): my caret announced once, after it.
    twoKeys: await measure(s, () => {
      editor.view.dispatch(editor.state.tr.insertText('x'));
      editor.view.dispatch(editor.state.tr.insertText('y'));
    }),
    remote: await measure(s, () => remoteKeystroke(2, 10)),
    remotes: await measure(s, everyoneTypes),
    // As the session applies them: the five keystrokes arrive within one frame.
    remotesInOneFrame: await measure(s, () => {
      routing.viaInbox = true;
      everyoneTypes();
      routing.viaInbox = false;
    }),
    caret: await measure(s, () => remoteCaret(1, 40)),
    carets: await measure(s, () => [0, 1, 2, 3, 4].forEach((c) => remoteCaret(c, 50 + c))),
  };
}

// A watchdog, not a timing claim: ~6-8 s alone (two documents built, quiet spells waited
// for before each measurement), within 3x of the project's 20 s on a slower CI machine.
describe('typing cost does not grow with the document', { timeout: 120_000 }, () => {
  it('one keystroke, local or remote, with 5 collaborators: the same work on 300 and on 1,500 blocks', async () => {
    const small = await costs(300);
    cleanups.splice(0).forEach((f) => f());
    const large = await costs(1500);
    console.info('typing cost, 300 blocks:', JSON.stringify(small), '\n1,500 blocks:', JSON.stringify(large));
    expect(large).toEqual(small);
    // And it is the work of the change: one paragraph built and replaced, one marker.
    expect(large.remote.nodesBuilt).toBe(1);
    expect(large.remote.blocksReplaced).toBe(1);
    expect(large.remotes.blocksReplaced).toBe(COLLABORATORS);
    expect(large.local.markersReplaced).toBeLessThanOrEqual(1);
    expect(large.caret.nodesBuilt).toBe(0);
    // Another person's caret moving, or another person's keystroke, makes the binding compare
    // nothing and leaves my caret's position alone; my own keystroke works out my caret once and
    // compares with Yjs only the block it changed, not the whole report.
    expect(large.caret.fragmentSyncs).toBe(0);
    expect(large.remote.fragmentSyncs).toBe(0);
    // Remote keystrokes find their blocks from the Y types they changed: no list of the report's blocks.
    expect(large.remote.blocksListed).toBe(0);
    expect(large.remotes.blocksListed).toBe(0);
    expect(large.remotesInOneFrame.blocksListed).toBe(0);
    expect(large.caret.caretRecomputes).toBe(0);
    expect(large.remotes.caretRecomputes).toBe(0);
    expect(large.local.fragmentSyncs).toBe(0);
    expect(large.local.blockSyncs).toBe(1);
    expect(large.local.caretRecomputes).toBe(1);
    // My keystroke moves my caret, which the others are told of; my own editor redraws no
    // caret for it (it never draws mine): one transaction, the keystroke's. Another person's
    // caret moving is redrawn once.
    expect(large.local.myPresenceChanges).toBe(1);
    expect(large.twoKeys.myPresenceChanges).toBe(1);
    expect(large.twoKeys.caretRecomputes).toBe(1);
    expect(large.local.caretRedraws).toBe(0);
    expect(large.local.transactions).toBe(1);
    expect(large.caret.caretRedraws).toBe(1);
    // Gutter and thread markers decorate the window around the viewport, not the 150 threaded paragraphs.
    expect(large.local.decorations).toBeLessThan(400);
    // The gutter works out the row of the changed block only, not of its whole window of
    // ~50-120 top-level blocks; the others' keystrokes, far from my viewport, none.
    expect(large.local.gutterRows).toBe(1);
    expect(large.remotes.gutterRows).toBe(0);
    // Arriving within one frame, the five are one transaction: one set of steps, one view update;
    // the gutter and the markers still work on the changed blocks only.
    expect(large.remotesInOneFrame.blocksReplaced).toBe(COLLABORATORS);
    expect(large.remotesInOneFrame.transactions).toBe(1);
    expect(large.remotes.transactions).toBe(COLLABORATORS);
    expect(large.remotesInOneFrame.visits).toBeLessThan(COLLABORATORS * 50);
    expect(large.remotesInOneFrame.gutterRows).toBe(0);
    // Carets moving: one redraw a frame however many moved; none for my own keystroke.
    expect(large.carets.caretRedraws).toBe(1);
    expect(large.carets.transactions).toBe(1);
    // The view finds each top-level block's decorations by a search, not a scan of every decoration.
    expect(large.local.decorationScans).toBeLessThan(20);
    expect(large.remotesInOneFrame.decorationScans).toBeLessThan(20);
    // The view updates the changed blocks only: one for my keystroke, one per remote keystroke.
    expect(large.local.topLevelVisits).toBe(1);
    expect(large.local.fullTopLevelUpdates).toBe(0);
    expect(large.remote.topLevelVisits).toBe(1);
    expect(large.remote.fullTopLevelUpdates).toBe(0);
    // Unique ids, tables, autolink, clear document: no whole-document comparison for a keystroke, mine or another's.
    expect(large.local.appendScans).toBe(0);
    expect(large.remote.appendScans).toBe(0);
    expect(large.remotesInOneFrame.appendScans).toBe(0);
    // Another person's caret moving redraws the blocks it left and reached, not every block.
    expect(large.caret.fullTopLevelUpdates).toBe(0);
    expect(large.caret.topLevelVisits).toBeLessThanOrEqual(2);
    expect(large.carets.fullTopLevelUpdates).toBe(0);
    expect(large.carets.topLevelVisits).toBeLessThanOrEqual(2 * COLLABORATORS);
    // My caret (in the middle of the report) as Yjs relative positions — the undo plugin's selection,
    // the caret published — and the others' carets placed from theirs: each from its own block, no
    // walk from the top of the report.
    expect(large.local.positionWalks).toBe(0);
    expect(large.local.typeLookups).toBeLessThan(20);
    expect(large.caret.positionWalks).toBe(0);
    expect(large.carets.positionWalks).toBe(0);
    // A few dozen nodes visited per keystroke (the changed block and its neighbours), not thousands.
    expect(large.local.visits).toBeLessThan(50);
    expect(large.remote.visits).toBeLessThan(50);
    expect(large.remotes.visits).toBeLessThan(COLLABORATORS * 50);
  }, 120_000);
});
