/**
 * Which top-level blocks a remote change replaced: the old and the new list of
 * blocks, where an unchanged block is the same object in both (the binding
 * reuses its node), reduced to the runs that differ. Pure; the binding turns
 * each run into one ReplaceStep, so the editor, its plugins and the DOM see
 * only the blocks that changed.
 */

export interface BlockRun<T> {
  /** Index in the old list of the first block replaced. */
  oldStart: number;
  /** Blocks of the old list replaced (may be empty: an insertion). */
  removed: T[];
  /** Blocks of the new list put in their place (may be empty: a deletion). */
  inserted: T[];
}

export function blockRuns<T>(before: readonly T[], after: readonly T[]): BlockRun<T>[] {
  // Common prefix and suffix by identity: the usual case is one changed block.
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  if (start === endBefore && start === endAfter) return [];

  // In between, several collaborators may have changed blocks far apart: one run each.
  const oldMiddle = new Set(before.slice(start, endBefore));
  const newMiddle = new Set(after.slice(start, endAfter));
  const runs: BlockRun<T>[] = [];
  let i = start;
  let j = start;
  while (i < endBefore || j < endAfter) {
    if (i < endBefore && j < endAfter && before[i] === after[j]) {
      i++;
      j++;
      continue;
    }
    const run: BlockRun<T> = { oldStart: i, removed: [], inserted: [] };
    // Old blocks that are gone, then new blocks that did not exist.
    while (i < endBefore && !newMiddle.has(before[i]!)) run.removed.push(before[i++]!);
    while (j < endAfter && !oldMiddle.has(after[j]!)) run.inserted.push(after[j++]!);
    if (run.removed.length === 0 && run.inserted.length === 0) {
      // Both blocks exist elsewhere (a move): replace one by the other and go on.
      run.removed.push(before[i++]!);
      run.inserted.push(after[j++]!);
    }
    runs.push(run);
  }
  return runs;
}
