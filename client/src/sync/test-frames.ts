/**
 * Frames a test produces itself, for the frame scheduler: `frame()` runs the
 * callbacks requested before it (those requested meanwhile wait for the next),
 * as a browser runs requestAnimationFrame callbacks; `key()` is a keydown.
 */
import { FrameScheduler, type FrameHost } from './frame-scheduler';

export interface TestFrames {
  scheduler: FrameScheduler;
  frame(): void;
  key(): void;
  hide(): void;
  /** Frame callbacks waiting. */
  requested(): number;
}

export function testFrames(): TestFrames {
  let callbacks = new Map<number, () => void>();
  let next = 1;
  let hidden = false;
  const keyListeners: (() => void)[] = [];
  const hiddenListeners: (() => void)[] = [];
  const host: FrameHost = {
    requestFrame: (callback) => {
      const handle = next++;
      callbacks.set(handle, callback);
      return handle;
    },
    cancelFrame: (handle) => callbacks.delete(handle as number),
    hidden: () => hidden,
    onKey: (listener) => keyListeners.push(listener),
    onHidden: (listener) => hiddenListeners.push(listener),
  };
  return {
    scheduler: new FrameScheduler(host),
    frame: () => {
      const due = callbacks;
      callbacks = new Map();
      for (const callback of due.values()) callback();
    },
    key: () => keyListeners.forEach((listener) => listener()),
    hide: () => {
      hidden = true;
      hiddenListeners.forEach((listener) => listener());
    },
    requested: () => callbacks.size,
  };
}
