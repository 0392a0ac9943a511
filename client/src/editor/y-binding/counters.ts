/**
 * What the incremental binding did, for tests and the benchmark: proof (by
 * count, not by stopwatch) that a remote keystroke costs the same on a
 * 1,500-block document as on a 300-block one.
 */
export const bindingCounters = {
  /** ProseMirror nodes built from Yjs types (unchanged ones are reused). */
  nodesBuilt: 0,
  /** Top-level blocks replaced in the editor by remote changes. */
  blocksReplaced: 0,
  /** Remote changes applied as steps on the changed blocks only. */
  incrementalUpdates: 0,
  /** Of those, changes inside blocks, applied from the changed Y types without listing the blocks. */
  inPlaceUpdates: 0,
  /** Remote changes that fell back to y-tiptap's whole-document replacement (not counting a document left empty). */
  fullUpdates: 0,
  /** Whole-document comparisons of the editor with Yjs (skipped when the binding knows they are equal). */
  fragmentSyncs: 0,
  /** Local changes written to Yjs by comparing only the one top-level block they changed. */
  blockSyncs: 0,
  /**
   * Top-level blocks listed to apply remote changes (the Yjs list and the editor's, or the index
   * of blocks built again). A change inside blocks lists none: it finds them from its Y types.
   */
  blocksListed: 0,
  /** Selections the binding turned into relative positions (a walk from the top of the document to the caret). */
  relativeSelections: 0,
};

export function resetBindingCounters(): void {
  for (const key of Object.keys(bindingCounters) as (keyof typeof bindingCounters)[]) bindingCounters[key] = 0;
}
