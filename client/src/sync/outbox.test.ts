// @vitest-environment happy-dom
/**
 * The outbox does a keystroke's bookkeeping once per frame, after it: N updates
 * in one frame → one local-copy write, one socket message, one tab post (counted);
 * the merged update carries everything (a fresh document built from it equals
 * the typed one); nothing is held back when the page is hidden or closed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateOutbox, type Destinations } from './outbox';
import { afterNextPaint } from './after-paint';

const EVERYWHERE: Destinations = { localCopy: true, server: true, tabs: true };

/** A frame the test produces by hand: `paint()` runs what waited for it. */
function manualFrames() {
  let waiting: (() => void) | null = null;
  return {
    schedule: (run: () => void) => {
      waiting = run;
      return () => (waiting = null);
    },
    paint: () => {
      const run = waiting;
      waiting = null;
      run?.();
    },
    get pending() {
      return waiting !== null;
    },
  };
}

interface Written {
  localCopy: Uint8Array[][];
  server: Uint8Array[];
  tabs: Uint8Array[];
  /** Sink calls in the order they happened. */
  order: string[];
}

function recordingOutbox(schedule: (run: () => void) => () => void = afterNextPaint) {
  const written: Written = { localCopy: [], server: [], tabs: [], order: [] };
  const outbox = new UpdateOutbox(
    {
      localCopy: (updates) => (written.localCopy.push([...updates]), written.order.push('localCopy')),
      server: (update) => (written.server.push(update), written.order.push('server')),
      tabs: (update) => (written.tabs.push(update), written.order.push('tabs')),
      presence: () => written.order.push('presence'),
    },
    schedule,
  );
  cleanups.push(() => outbox.destroy());
  return { outbox, written };
}

/** A document whose every local update goes to the outbox, as DocSession routes them. */
function typingDoc(outbox: UpdateOutbox) {
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array, origin: unknown) =>
    outbox.add(update, origin === 'server' ? { localCopy: true, server: false, tabs: false } : EVERYWHERE, origin !== 'server'),
  );
  return doc;
}

function rebuilt(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('UpdateOutbox', () => {
  it('writes, sends and shares five keystrokes of one frame once, after the frame', () => {
    const frames = manualFrames();
    const { outbox, written } = recordingOutbox(frames.schedule);
    const doc = typingDoc(outbox);
    const text = doc.getText('t');
    for (const ch of 'hello') text.insert(text.length, ch);

    // Typed, in the document, and nothing written or sent yet: that waits for the frame.
    expect(text.toString()).toBe('hello');
    expect(written.order).toEqual([]);
    expect(frames.pending).toBe(true);

    frames.paint();
    expect(written.localCopy).toHaveLength(1);
    expect(written.localCopy[0]).toHaveLength(1);
    expect(written.server).toHaveLength(1);
    expect(written.tabs).toHaveLength(1);
    // One merged update carries all five keystrokes.
    expect(rebuilt(written.localCopy[0]!)).toBe('hello');
    expect(rebuilt(written.server)).toBe('hello');
    expect(rebuilt(written.tabs)).toBe('hello');

    // The next frame's keystroke is a write, a message and a post of its own, after the first.
    text.insert(5, '!');
    frames.paint();
    expect(written.server).toHaveLength(2);
    expect(rebuilt(written.server)).toBe('hello!');
    frames.paint();
    expect(written.server).toHaveLength(2);
  });

  it('writes the server’s updates to the local copy as they came, around mine, in one write', () => {
    const frames = manualFrames();
    const { outbox, written } = recordingOutbox(frames.schedule);
    const doc = typingDoc(outbox);
    const colleague = new Y.Doc();
    let received: Uint8Array | undefined;
    colleague.on('update', (update: Uint8Array) => {
      received = update;
      Y.applyUpdate(doc, update, 'server');
    });
    doc.getText('t').insert(0, 'a');
    colleague.getText('c').insert(0, 'from the server');
    doc.getText('t').insert(1, 'b');
    doc.getText('t').insert(2, 'c');

    frames.paint();
    expect(written.localCopy).toHaveLength(1);
    // Mine, the server's (kept apart, never merged), then my next two merged.
    const [first, server, rest] = written.localCopy[0]!;
    expect(written.localCopy[0]).toHaveLength(3);
    expect(rebuilt([first!])).toBe('a');
    expect(server).toEqual(received);
    expect(rebuilt([first!, rest!])).toBe('abc');
    // The server already has its own update; other tabs get theirs from it.
    expect(rebuilt(written.server)).toBe('abc');
    expect(rebuilt(written.tabs)).toBe('abc');
  });

  it('announces my caret after the updates it may point into', () => {
    const frames = manualFrames();
    const { outbox, written } = recordingOutbox(frames.schedule);
    const doc = typingDoc(outbox);
    outbox.presenceChanged();
    doc.getText('t').insert(0, 'x');
    frames.paint();
    expect(written.order).toEqual(['localCopy', 'server', 'tabs', 'presence']);
  });

  it.each([
    ['pagehide', () => window.dispatchEvent(new Event('pagehide'))],
    ['beforeunload', () => window.dispatchEvent(new Event('beforeunload'))],
    [
      'visibilitychange to hidden',
      () => {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        cleanups.push(() => Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true }));
        document.dispatchEvent(new Event('visibilitychange'));
      },
    ],
  ])('writes and sends what is pending at once on %s', (_name, leave) => {
    const frames = manualFrames();
    const { outbox, written } = recordingOutbox(frames.schedule);
    const doc = typingDoc(outbox);
    doc.getText('t').insert(0, 'last words');
    leave();
    expect(rebuilt(written.localCopy[0]!)).toBe('last words');
    expect(rebuilt(written.server)).toBe('last words');
    expect(frames.pending).toBe(false);
  });

  it('writes what is pending when destroyed, and nothing after', () => {
    const frames = manualFrames();
    const { outbox, written } = recordingOutbox(frames.schedule);
    const doc = typingDoc(outbox);
    doc.getText('t').insert(0, 'kept');
    outbox.destroy();
    expect(rebuilt(written.server)).toBe('kept');
    doc.getText('t').insert(0, 'late ');
    outbox.presenceChanged();
    expect(frames.pending).toBe(false);
    expect(written.server).toHaveLength(1);
  });

  it('does its work after the next frame by itself', async () => {
    const { outbox, written } = recordingOutbox();
    const doc = typingDoc(outbox);
    doc.getText('t').insert(0, 'one');
    doc.getText('t').insert(3, ' frame');
    await expect.poll(() => written.server.length).toBe(1);
    expect(rebuilt(written.server)).toBe('one frame');
  });
});
