/**
 * Work the page needs soon but not for its first paint (a word count, the outline, the notes
 * list): on opening the 150-page report each of these walks ~1,700 blocks, and run as the editor
 * mounts they held back the moment the text could be read and typed in (issue 11).
 */

/** Runs `work` when the browser has nothing more urgent to do, at the latest after `timeoutMs`. Returns a cancel function. */
export function whenIdle(work: () => void, timeoutMs = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => work(), { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(work, 0);
  return () => clearTimeout(timer);
}

/**
 * Runs `step` in idle time until it says it is done, giving the page back after each slice of
 * about `sliceMs`: `step(deadline)` does what it can before `performance.now()` passes `deadline`
 * and returns true when finished. Returns a cancel function.
 */
export function inIdleSlices(step: (deadline: number) => boolean, sliceMs = 8, timeoutMs = 1000): () => void {
  let cancel = whenIdle(function run() {
    if (!step(performance.now() + sliceMs)) cancel = whenIdle(run, timeoutMs);
  }, timeoutMs);
  return () => cancel();
}
