/**
 * Remote changes reach the editor as steps on the changed top-level blocks,
 * not as a replacement of the whole document.
 *
 * @tiptap/y-tiptap 3.0.9 turns every remote Yjs transaction into one
 * ProseMirror step replacing the entire document, rebuilt from Yjs with a
 * cleared mapping: every node is rebuilt, the view compares every node, and
 * every plugin (gutter, comment markers, unique ids, …) sees the whole
 * document as changed. With five people typing on a 150-page report that is
 * seconds per keystroke. Here:
 *  - the mapping (Y type → node) is invalidated only for what the transaction
 *    changed (as y-prosemirror did before y-tiptap cleared it), so unchanged
 *    blocks keep their node objects;
 *  - the old and new block lists are compared by identity (block-runs.ts) and
 *    each differing run becomes one ReplaceStep, narrowed to the part of the
 *    blocks that differs;
 *  - the local selection is mapped through those steps (no relative-position
 *    round trip, which misplaces the caret after a split and crashed on stale
 *    undo selections, ueberdosis/y-tiptap#48).
 *
 * It replaces `ProsemirrorBinding.prototype._typeChanged` (a patch, installed
 * once by `installIncrementalSync`, before any editor is created: the binding
 * binds the method in its constructor). Snapshot rendering and local changes
 * stay y-tiptap's. If a step cannot be built, the original method runs.
 *
 * It also wraps `_prosemirrorChanged`, which y-tiptap runs after every editor
 * update that did not come from Yjs — including the many that change nothing
 * (another person's caret moved, a gutter refresh) — and which compares the
 * whole document with Yjs each time. A document the binding already knows to
 * equal Yjs (it wrote it there, or built it from there) is not compared again —
 * the one built at open (`_forceRerender`) included, or the first update after
 * opening the report compared all ~1,700 blocks with the Yjs they were just
 * built from.
 */
import * as Y from 'yjs';
import { Fragment, Slice, ReplaceStep, type PMNode, type Schema } from './pm';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { ProsemirrorBinding, getRelativeSelection, updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import { blockRuns, type BlockRun } from './block-runs';
import { bindingCounters } from './counters';
import { narrowStep } from './narrow-step';
import { nodeOf, type Mapping } from './y-to-pm';
import { installTopLevelIndex, trackedMapping, TrackedMapping, uninstallTopLevelIndex } from './top-level-index';

type YEvents = Y.YEvent<Y.AbstractType<unknown>>[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- what Yjs keys its changed types by
type YType = Y.AbstractType<Y.YEvent<any>>;
type TypeChanged = (this: ProsemirrorBinding, events: YEvents, transaction: Y.Transaction) => void;
type ProsemirrorChanged = (this: ProsemirrorBinding, doc: PMNode) => void;
type Lifecycle = (this: ProsemirrorBinding, ...args: unknown[]) => void;
interface Lifecycles {
  initView: Lifecycle;
  destroy: Lifecycle;
  _forceRerender: Lifecycle;
}

let original: TypeChanged | null = null;
let originalProsemirrorChanged: ProsemirrorChanged | null = null;
let originalLifecycles: Lifecycles | null = null;
/** The editor document each binding last knew to equal its Yjs fragment. */
const inSync = new WeakMap<ProsemirrorBinding, PMNode>();
/**
 * Where each top-level block node sits in the editor's document, per binding: a remote change
 * inside some blocks finds them here instead of listing the document. Kept current for the blocks
 * the binding replaces or writes; a lookup is checked against the document, and a stale map (after
 * blocks were added or removed) is built again.
 */
const blockIndexes = new WeakMap<ProsemirrorBinding, Map<PMNode, number>>();

/** Idempotent. Must run before the first editor is built. */
export function installIncrementalSync(): void {
  if (original) return;
  const proto = ProsemirrorBinding.prototype as unknown as { _typeChanged: TypeChanged; _prosemirrorChanged: ProsemirrorChanged };
  original = proto._typeChanged;
  originalProsemirrorChanged = proto._prosemirrorChanged;
  installBindingStart();
  proto._prosemirrorChanged = function (this: ProsemirrorBinding, doc: PMNode) {
    const known = inSync.get(this);
    if (known === doc) return;
    // Writing a local change, y-tiptap's beforeAllTransactions listener would turn the caret into
    // relative positions — a walk from the top of the document to the caret — only to have
    // afterAllTransactions drop them: the binding's own observer is muted while it writes, and
    // nothing else reads them. Already set, the listener leaves it; computed only if read.
    if (this.beforeTransactionSelection === null && this.prosemirrorView) {
      this.beforeTransactionSelection = lazyRelativeSelection(this, (this.prosemirrorView as EditorView).state);
    }
    if (!known || !syncChangedBlock(this, known, doc)) {
      bindingCounters.fragmentSyncs++;
      // Blocks may have come, gone or moved: the block index is built again when next needed.
      blockIndexes.delete(this);
      originalProsemirrorChanged!.call(this, doc);
    }
    inSync.set(this, doc);
  };
  proto._typeChanged = function (this: ProsemirrorBinding, events: YEvents, transaction: Y.Transaction) {
    const view = this.prosemirrorView as EditorView | null;
    if (view == null) return;
    const sync = ySyncPluginKey.getState(view.state) as { snapshot?: unknown; prevSnapshot?: unknown } | undefined;
    if (events.length === 0 || sync?.snapshot != null || sync?.prevSnapshot != null) return original!.call(this, events, transaction);
    let ran = false;
    let applied = false;
    // The mutex skips this while the binding writes a local change into Yjs (no echo).
    this.mux(() => {
      ran = true;
      const tr = incrementalTransaction(this, view, transaction);
      if (!tr) return;
      applied = true;
      bindingCounters.incrementalUpdates++;
      view.dispatch(tr);
      // The steps made the editor's blocks those of Yjs; unless a plugin appended a change of its
      // own (unique ids for new blocks, say — y-tiptap writes that back on the next update), the
      // document now equals Yjs.
      if (view.state.doc === tr.doc) inSync.set(this, tr.doc);
    });
    if (ran && !applied) {
      if (this.type.length > 0) bindingCounters.fullUpdates++;
      original!.call(this, events, transaction);
    }
  };
}

/**
 * A local change inside one top-level block (typing, a mark, a block's attributes): only that
 * block is compared with Yjs and written there. y-tiptap compares the whole document — it lists
 * every top-level Y type, maps every block to find moved ones, and scans from both ends — which on
 * the 150-page report is ~1,700 blocks looked at per keystroke. `known` equals Yjs, so every block
 * that is the same object as in `known` needs nothing; exactly one differing, in place, is what
 * y-tiptap's diff would narrow down to as well (it then updates that block the same way). Anything
 * else (blocks added, removed, replaced by another type) goes to y-tiptap's whole comparison.
 * Returns false when it did nothing.
 */
function syncChangedBlock(binding: ProsemirrorBinding, known: PMNode, doc: PMNode): boolean {
  const count = doc.childCount;
  if (known.childCount !== count || binding.type.length !== count) return false;
  let changed = -1;
  for (let i = 0; i < count; i++) {
    if (doc.child(i) === known.child(i)) continue;
    if (changed >= 0) return false;
    changed = i;
  }
  if (changed < 0) return false;
  const mapping = binding.mapping as unknown as Mapping;
  // From the index when it knows the list (Yjs's `get` walks the fragment's items from the first).
  const type = (mapping instanceof TrackedMapping && mapping.typeAt(changed)) || binding.type.get(changed);
  const node = doc.child(changed);
  // The Y type must be the one the old block was built from (or written to), under the same name.
  if (!(type instanceof Y.XmlElement) || mapping.get(type) !== known.child(changed) || type.nodeName !== node.type.name) return false;
  const view = binding.prosemirrorView as EditorView | null;
  if (!view) return false;
  bindingCounters.blockSyncs++;
  const indexes = blockIndexes.get(binding);
  if (indexes) {
    indexes.delete(known.child(changed));
    indexes.set(node, changed);
  }
  binding.doc.transact(() => {
    updateYFragment(binding.doc, type, node, binding);
    mapping.set(binding.type, doc);
    // As y-tiptap's _prosemirrorChanged does: where the selection is (dropped when the
    // transaction ends; computed only if something reads it before).
    binding.beforeTransactionSelection = lazyRelativeSelection(binding, view.state);
  }, ySyncPluginKey);
  return true;
}

type RelativeSelection = ReturnType<typeof getRelativeSelection>;

/**
 * getRelativeSelection's result, computed on first read of any of its fields: converting the
 * selection to relative positions walks every block before the caret. Nothing reads the ones made
 * for a local write; one read after the write would resolve against the mapping as it then is.
 */
function lazyRelativeSelection(binding: ProsemirrorBinding, state: EditorState): RelativeSelection {
  let computed: RelativeSelection | null = null;
  const get = (): RelativeSelection => {
    if (!computed) {
      bindingCounters.relativeSelections++;
      computed = getRelativeSelection(binding, state);
    }
    return computed;
  };
  const lazy = {} as RelativeSelection;
  for (const key of ['type', 'depth', 'anchor', 'head', 'absAnchor', 'absHead'] as const) {
    Object.defineProperty(lazy, key, { enumerable: true, get: (): unknown => get()[key] });
  }
  return lazy;
}

/**
 * When a binding starts: its mapping becomes a TrackedMapping (positions converted without walking
 * every block before them, top-level-index.ts), and its selection is not turned into relative
 * positions before the Yjs transactions it runs itself.
 *
 * y-tiptap's sync plugin writes the editor's document to Yjs after every editor update inside a Yjs
 * transaction of its own, under the binding's mutex; the binding's `beforeAllTransactions` listener
 * works out the selection as relative positions (a walk to the caret) when any transaction starts.
 * Only the binding's `_typeChanged` reads it back (y-tiptap's, to restore the selection after
 * applying a Yjs change), and that is muted by the same mutex for everything the transaction sets
 * off: for the binding's own transactions, the walk was read by nobody.
 */
function installBindingStart(): void {
  const proto = ProsemirrorBinding.prototype as unknown as Lifecycles;
  originalLifecycles = { initView: proto.initView, destroy: proto.destroy, _forceRerender: proto._forceRerender };
  const { initView, destroy, _forceRerender: forceRerender } = originalLifecycles;
  installTopLevelIndex();
  proto.initView = function (this: ProsemirrorBinding, ...args: unknown[]) {
    const mapping = this.mapping as unknown as Mapping;
    this.mapping = trackedMapping(this.type, mapping) as unknown as typeof this.mapping;
    const before = this.beforeAllTransactions;
    if (!ownTransactionsSkipped.has(before)) {
      const skipping = () => {
        if (!insideMutex(this)) before();
      };
      ownTransactionsSkipped.add(skipping);
      this.beforeAllTransactions = skipping;
    }
    initView.apply(this, args);
  };
  // The editor's document built from Yjs (at open): it equals Yjs unless a plugin appended a change.
  proto._forceRerender = function (this: ProsemirrorBinding, ...args: unknown[]) {
    forceRerender.apply(this, args);
    const view = this.prosemirrorView as EditorView | null;
    if (view && builtFromYjs(this, view.state.doc)) inSync.set(this, view.state.doc);
  };
  proto.destroy = function (this: ProsemirrorBinding, ...args: unknown[]) {
    destroy.apply(this, args);
    if (this.mapping instanceof TrackedMapping) this.mapping.detach();
  };
}

/** Whether every top-level block of `doc` is the node the binding built from its Y type, in the fragment's order. */
function builtFromYjs(binding: ProsemirrorBinding, doc: PMNode): boolean {
  const types = binding.type.toArray();
  if (types.length !== doc.childCount) return false;
  const mapping = binding.mapping as unknown as Mapping;
  return types.every((type, i) => mapping.get(type) === doc.child(i));
}

/** The binding's beforeAllTransactions listeners already wrapped (initView can run more than once). */
const ownTransactionsSkipped = new WeakSet<() => void>();

/** Whether the binding's mutex is held (by its own write to Yjs, or its applying of a Yjs change). */
function insideMutex(binding: ProsemirrorBinding): boolean {
  let held = false;
  binding.mux(
    () => undefined,
    () => (held = true),
  );
  return held;
}

/** For tests: back to y-tiptap's behaviour (affects editors built afterwards). */
export function uninstallIncrementalSync(): void {
  if (!original) return;
  const proto = ProsemirrorBinding.prototype as unknown as { _typeChanged: TypeChanged; _prosemirrorChanged: ProsemirrorChanged };
  proto._typeChanged = original;
  proto._prosemirrorChanged = originalProsemirrorChanged!;
  Object.assign(ProsemirrorBinding.prototype, originalLifecycles);
  uninstallTopLevelIndex();
  original = null;
  originalProsemirrorChanged = null;
  originalLifecycles = null;
}

function incrementalTransaction(binding: ProsemirrorBinding, view: EditorView, transaction: Y.Transaction): Transaction | null {
  const mapping = binding.mapping as unknown as Mapping;
  const doc = view.state.doc;
  // Which blocks changed, from the transaction, while the mapping still holds their old nodes.
  const inPlace = changedInPlace(binding, doc, transaction, mapping);
  // Forget the nodes of what changed (and of everything containing it); keep the rest.
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) mapping.delete(struct.content.type);
  });
  transaction.changed.forEach((_, type) => mapping.delete(type));
  transaction.changedParentTypes.forEach((_, type) => mapping.delete(type));

  const schema = view.state.schema;
  const plan = (inPlace && inPlaceRuns(inPlace, schema, mapping, doc.childCount)) || wholeListRuns(binding, doc, schema, mapping);
  if (!plan) return null;
  const { runs, typeAt, count } = plan;

  const tr = view.state.tr.setMeta('addToHistory', false);
  // Left to right: `offset` is how far the runs applied so far moved later positions.
  let index = 0;
  let pos = 0;
  let offset = 0;
  let shift = 0;
  for (const run of runs) {
    while (index < run.oldStart) pos += doc.child(index++).nodeSize;
    const removed = Fragment.fromArray(run.removed);
    const inserted = Fragment.fromArray(run.inserted);
    const narrow = narrowStep(schema, pos + offset, removed, inserted);
    if (!(narrow && 'same' in narrow) && (!narrow || tr.maybeStep(narrow.step).failed)) {
      // The whole run, as blocks.
      if (tr.maybeStep(new ReplaceStep(pos + offset, pos + offset + removed.size, new Slice(inserted, 0, 0))).failed) return null;
    }
    offset += inserted.size - removed.size;
    pos += removed.size;
    index += run.removed.length;
    // The document now holds copies made by the step: map the Y types to those, or the
    // next comparison would find these blocks changed again.
    const first = run.oldStart + shift;
    for (let k = first; k < first + run.inserted.length; k++) repoint(mapping, typeAt(k), tr.doc.child(k));
    shift += run.inserted.length - run.removed.length;
    bindingCounters.blocksReplaced += run.inserted.length;
  }
  if (tr.doc.childCount !== count) return null;
  const indexes = blockIndexes.get(binding);
  if (plan.inPlace) bindingCounters.inPlaceUpdates++;
  if (indexes && plan.inPlace) {
    for (const run of runs) {
      indexes.delete(run.removed[0]!);
      indexes.set(tr.doc.child(run.oldStart), run.oldStart);
    }
  } else if (!plan.inPlace) {
    blockIndexes.delete(binding);
  }
  // Undo and redo are this user's own changes: show them.
  if (transaction.origin instanceof Y.UndoManager) tr.scrollIntoView();
  return tr.setMeta(ySyncPluginKey, { isChangeOrigin: true, isUndoRedoOperation: transaction.origin instanceof Y.UndoManager });
}

interface Plan {
  runs: BlockRun<PMNode>[];
  /** The Y type of the new document's top-level block `k`. */
  typeAt: (k: number) => Y.XmlElement;
  /** Top-level blocks the new document must have. */
  count: number;
  /** Made from the changed blocks only (no block added or removed). */
  inPlace: boolean;
}

interface ChangedBlock {
  index: number;
  type: Y.XmlElement;
  old: PMNode;
}

/**
 * The top-level blocks a transaction changed inside, when it added, removed or moved none (someone
 * typing, a mark, an attribute): found from the changed Y types and the block index, without
 * listing the document. Null when the top-level list itself changed, or a block cannot be placed.
 */
function changedInPlace(binding: ProsemirrorBinding, doc: PMNode, transaction: Y.Transaction, mapping: Mapping): ChangedBlock[] | null {
  const fragment = binding.type as unknown as YType;
  if (transaction.changed.has(fragment)) return null;
  const tops = new Set<YType>();
  for (const type of transaction.changed.keys()) {
    const top = topLevelOf(type, fragment);
    if (top) tops.add(top);
  }
  if (tops.size === 0) return null;
  let indexes = blockIndexes.get(binding);
  let rebuilt = false;
  const blocks: ChangedBlock[] = [];
  for (const top of tops) {
    const old = mapping.get(top);
    if (!(top instanceof Y.XmlElement) || old === undefined || Array.isArray(old)) return null;
    const type = top as Y.XmlElement;
    let index = indexes?.get(old);
    if (index === undefined || index >= doc.childCount || doc.child(index) !== old) {
      if (rebuilt) return null;
      indexes = indexBlocks(binding, doc);
      rebuilt = true;
      index = indexes.get(old);
      if (index === undefined) return null;
    }
    blocks.push({ index, type, old });
  }
  return blocks.sort((a, b) => a.index - b.index);
}

/** The top-level block holding `type` (itself, if it is one); null for the fragment or another root. */
function topLevelOf(type: YType, fragment: YType): YType | null {
  let current = type;
  while (current._item !== null) {
    const parent = current._item.parent;
    if (parent === fragment) return current;
    if (!(parent instanceof Y.AbstractType)) return null;
    current = parent as YType;
  }
  return null;
}

function indexBlocks(binding: ProsemirrorBinding, doc: PMNode): Map<PMNode, number> {
  const indexes = new Map<PMNode, number>();
  doc.forEach((node, _offset, i) => indexes.set(node, i));
  bindingCounters.blocksListed += doc.childCount;
  blockIndexes.set(binding, indexes);
  return indexes;
}

/** One run per changed block, in place; null if one cannot be built (the whole list then decides). */
function inPlaceRuns(blocks: ChangedBlock[], schema: Schema, mapping: Mapping, count: number): Plan | null {
  const runs: BlockRun<PMNode>[] = [];
  const types = new Map<number, Y.XmlElement>();
  for (const { index, type, old } of blocks) {
    const node = nodeOf(type, schema, mapping);
    if (!node) return null;
    types.set(index, type);
    if (node !== old) runs.push({ oldStart: index, removed: [old], inserted: [node] });
  }
  return { runs, typeAt: (k) => types.get(k)!, count, inPlace: true };
}

/** The whole top-level list of Yjs against the editor's, compared by node identity. */
function wholeListRuns(binding: ProsemirrorBinding, doc: PMNode, schema: Schema, mapping: Mapping): Plan | null {
  const after: PMNode[] = [];
  const types: Y.XmlElement[] = [];
  for (const child of binding.type.toArray()) {
    if (!(child instanceof Y.XmlElement)) return null; // hooks: y-tiptap does not handle them either
    const node = nodeOf(child, schema, mapping);
    if (node) {
      after.push(node);
      types.push(child);
    }
  }
  // No block left (everything deleted concurrently): y-tiptap's replacement puts in an empty one.
  if (after.length === 0) return null;
  const before: PMNode[] = [];
  doc.forEach((node) => before.push(node));
  bindingCounters.blocksListed += after.length + before.length;
  return { runs: blockRuns(before, after), typeAt: (k) => types[k]!, count: after.length, inPlace: false };
}

/** Points the mapping of `type` and of the element types inside it at the nodes the document holds. */
function repoint(mapping: Mapping, type: Y.XmlElement, node: PMNode): void {
  mapping.set(type, node);
  const children = type.toArray();
  if (children.some((c) => !(c instanceof Y.XmlElement)) || children.length !== node.childCount) return;
  children.forEach((child, i) => repoint(mapping, child as Y.XmlElement, node.child(i)));
}
