/**
 * Editor positions turned into Yjs relative positions, and back, without walking every top-level
 * block before them.
 *
 * y-tiptap converts a ProseMirror position to a relative position (its caret plugin publishing my
 * caret, its undo plugin's `prevSel` on every transaction, the binding's selection before every Yjs
 * transaction) by walking the top-level Y types from the first one, adding up the size of each
 * one's node from the binding's mapping (Y type → node) until the position falls inside one; the way
 * back (other people's carets) walks the same list to the type. On the 150-page report that is
 * ~1,700 blocks per walk at the report's end, several walks a keystroke.
 *
 * The walk's result depends, before the block the position falls in, only on the list of live
 * top-level Y types and on the size of each one's node in the mapping. This module keeps exactly
 * those: the binding's mapping is replaced by a `TrackedMapping` (a Map that notices every change
 * to a top-level type's node), which holds, once built, the live top-level types in order and their
 * node sizes in a `BlockSizes` tree. The walk then starts at the right block with what is left of the
 * position (the patch of y-tiptap, `setTopLevelIndex`, asks `startOf`/`offsetOf`), and goes on as
 * before inside it, so the result is the same relative position by construction.
 *
 * The index is built (one pass over the fragment's list) when first needed after the list of
 * top-level types changed (a Yjs transaction changed the fragment itself: a block added, removed or
 * moved), and kept current on every mapping change of one of its types (typing, in any block: one
 * O(log n) update). While a transaction that changed the list is still running or being observed,
 * it answers nothing and the walk runs as before.
 */
import * as Y from 'yjs';
import { setTopLevelIndex, type TopLevelIndex } from '@tiptap/y-tiptap';
import type { Node as PMNode } from '@tiptap/pm/model';
import { BlockSizes } from './block-sizes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- how Yjs and y-tiptap type any Y type
type YType = Y.AbstractType<any>;
type Mapped = PMNode | PMNode[];
type ChangedKey = Parameters<Y.Transaction['changed']['has']>[0];

/** For the counter tests: how the conversions went. */
export const topLevelIndexCounters = {
  /** Conversions that started at the position's block. */
  shortcuts: 0,
  /** Conversions left to y-tiptap's walk from the top (no index, or not sure of it). */
  walks: 0,
  /** Builds of the index (one pass over the top-level list each). */
  builds: 0,
  /** Lookups in the binding's mapping (Y type → node), by anyone: the walks from the top look up every block before the position. */
  lookups: 0,
};

export function resetTopLevelIndexCounters(): void {
  for (const key of Object.keys(topLevelIndexCounters) as (keyof typeof topLevelIndexCounters)[]) topLevelIndexCounters[key] = 0;
}

interface Index {
  /** The live top-level types, in order. */
  types: YType[];
  positions: Map<YType, number>;
  sizes: BlockSizes;
  /** Top-level types without a node in the mapping (y-tiptap's walk counts them as size 0; the way back gives up). */
  unmapped: Set<number>;
  /** Transactions that had already changed the list when the index was built from it. */
  covered: Set<Y.Transaction>;
}

/**
 * The binding's mapping, with an index of the top-level types kept in step with it. A drop-in
 * `Map`: y-tiptap and the incremental binding use it as before.
 */
export class TrackedMapping extends Map<YType, Mapped> {
  private index: Index | null = null;
  /** The list the last failed build saw (a block that is not an element): not tried again until it changes. */
  private failedFor = -1;
  private listVersion = 0;
  private listening = false;
  /** The fragment as Yjs keys the types a transaction changed. */
  private readonly list: ChangedKey;

  constructor(readonly fragment: Y.XmlFragment) {
    super();
    this.list = fragment as unknown as ChangedKey;
  }

  override get(key: YType): Mapped | undefined {
    topLevelIndexCounters.lookups++;
    return super.get(key);
  }

  override set(key: YType, value: Mapped): this {
    super.set(key, value);
    const at = this.index?.positions.get(key);
    if (at !== undefined) this.resize(at, value);
    return this;
  }

  override delete(key: YType): boolean {
    const deleted = super.delete(key);
    const at = this.index?.positions.get(key);
    if (deleted && at !== undefined) {
      this.index!.sizes.set(at, 0);
      this.index!.unmapped.add(at);
    }
    return deleted;
  }

  override clear(): void {
    super.clear();
    this.drop();
  }

  /** Stops following the document (the binding was destroyed). */
  detach(): void {
    this.drop();
  }

  /** Where y-tiptap's walk for `pos` (≥ 1) may start, or null to walk from the top. */
  startOf(pos: number): { type: YType; pos: number } | null {
    const index = this.current();
    const block = index?.sizes.blockReaching(pos);
    if (!block) return miss();
    topLevelIndexCounters.shortcuts++;
    return { type: index!.types[block.index]!, pos: pos - block.offset };
  }

  /** The live top-level type at `index` (as `fragment.get(index)`, which walks the list from its start), or null if not known. */
  typeAt(index: number): YType | null {
    return this.current()?.types[index] ?? null;
  }

  /** The sizes of the top-level blocks before `type` added up, or null to walk. */
  offsetOf(type: YType): number | null {
    const index = this.current();
    const at = index?.positions.get(type);
    if (at === undefined) return miss();
    // y-tiptap's walk gives up on an unmapped block before the type; let it.
    for (const unmapped of index!.unmapped) if (unmapped < at) return miss();
    topLevelIndexCounters.shortcuts++;
    return index!.sizes.before(at);
  }

  private resize(at: number, value: Mapped): void {
    const size = (value as { nodeSize?: unknown }).nodeSize;
    if (typeof size !== 'number') return this.drop();
    this.index!.sizes.set(at, size);
    this.index!.unmapped.delete(at);
  }

  /** The index, if it describes the list as it is now (built again if needed and possible). */
  private current(): Index | null {
    const doc = this.fragment.doc;
    if (!doc) return null;
    for (const transaction of doc._transactionCleanups) {
      // A change of the list not yet seen by the index (it may still be going on).
      if (transaction.changed.has(this.list) && !this.index?.covered.has(transaction)) return null;
    }
    if (!this.index && this.failedFor !== this.listVersion) this.build(doc);
    return this.index;
  }

  private build(doc: Y.Doc): void {
    const types: YType[] = [];
    const sizes: number[] = [];
    const unmapped = new Set<number>();
    for (let item = this.fragment._start; item !== null; item = item.right) {
      if (item.deleted) continue;
      const type = item.content instanceof Y.ContentType ? (item.content.type as YType) : null;
      // y-tiptap's walk treats text and other content at the top level differently: let it walk.
      if (!(type instanceof Y.XmlElement)) {
        this.failedFor = this.listVersion;
        return;
      }
      const node = super.get(type);
      const size = node === undefined ? 0 : (node as { nodeSize?: unknown }).nodeSize;
      if (typeof size !== 'number') {
        this.failedFor = this.listVersion;
        return;
      }
      if (node === undefined) unmapped.add(types.length);
      types.push(type);
      sizes.push(size);
    }
    topLevelIndexCounters.builds++;
    this.index = {
      types,
      positions: new Map(types.map((type, i) => [type, i])),
      sizes: new BlockSizes(sizes),
      unmapped,
      // Closed transactions that changed the list: what they did is in it. The open one (if any) is not covered.
      covered: new Set(doc._transactionCleanups.filter((t) => t !== doc._transaction && t.changed.has(this.list))),
    };
    if (!this.listening) {
      doc.on('afterTransaction', this.afterTransaction);
      this.listening = true;
    }
  }

  private readonly afterTransaction = (transaction: Y.Transaction): void => {
    if (!transaction.changed.has(this.list)) return;
    this.listVersion++;
    if (!this.index?.covered.has(transaction)) this.drop();
  };

  private drop(): void {
    this.index = null;
    this.listVersion++;
    if (this.listening) {
      this.fragment.doc?.off('afterTransaction', this.afterTransaction);
      this.listening = false;
    }
  }
}

function miss(): null {
  topLevelIndexCounters.walks++;
  return null;
}

const index: TopLevelIndex = {
  startOf: (pos, type, mapping) => (mapping instanceof TrackedMapping && mapping.fragment === type ? mapping.startOf(pos) : miss()),
  offsetOf: (type, documentType, mapping) =>
    mapping instanceof TrackedMapping && mapping.fragment === documentType ? mapping.offsetOf(type) : miss(),
};

/** Makes y-tiptap's conversions use the index of a binding whose mapping is a TrackedMapping. */
export function installTopLevelIndex(): void {
  setTopLevelIndex(index);
}

export function uninstallTopLevelIndex(): void {
  setTopLevelIndex(null);
}

/** The binding's mapping as a TrackedMapping (its entries kept), for a binding about to start. */
export function trackedMapping(fragment: Y.XmlFragment, mapping: Map<YType, Mapped>): TrackedMapping {
  if (mapping instanceof TrackedMapping && mapping.fragment === fragment) return mapping;
  const tracked = new TrackedMapping(fragment);
  for (const [key, value] of mapping) tracked.set(key, value);
  return tracked;
}
