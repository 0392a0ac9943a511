/**
 * Runs a callback just after the next frame has been produced: a task posted
 * from a requestAnimationFrame callback runs once the frame's style, layout and
 * paint are done, so work put there never delays what the user sees — it only
 * has to finish before the next keystroke.
 *
 * A hidden tab gets no frames (no requestAnimationFrame at all), so there the
 * task is posted at once; and if no frame comes for a second anyway, a timer
 * runs the callback.
 */

/** Cancels the callback if it has not run yet. */
export type Cancel = () => void;

const NO_FRAME_FALLBACK_MS = 1000;

let channel: MessageChannel | null = null;
const queued: (() => void)[] = [];

/** One channel for the page: its task runs every callback posted so far, in order. */
function postTask(callback: () => void): void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queued.splice(0).forEach((run) => run());
  }
  queued.push(callback);
  if (queued.length === 1) channel.port2.postMessage(null);
}

export function afterNextPaint(callback: () => void): Cancel {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(fallback);
    callback();
  };
  const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const frame = hidden || typeof requestAnimationFrame === 'undefined' ? undefined : requestAnimationFrame(() => postTask(run));
  if (frame === undefined) postTask(run);
  const fallback = setTimeout(run, NO_FRAME_FALLBACK_MS);
  return () => {
    done = true;
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(fallback);
  };
}
