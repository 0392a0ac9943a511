/**
 * What the server sends about other people — their document updates, their
 * presence — applied once a frame (frame-scheduler.ts) instead of message by
 * message. All the updates that arrived since the last frame are applied in
 * one Yjs transaction: one binding transaction, one editor view update, one
 * local-copy write, however many people typed (issue 11).
 *
 * Within a frame:
 *  1. presence updates, in arrival order — first, so that the editor's one
 *     view update for the document changes draws the carets as they are now;
 *  2. the document updates, in arrival order, in one transaction (Yjs gives
 *     the same result whatever the grouping);
 *  3. other messages that must see the updates received before them applied
 *     (`saved`, document events), in arrival order.
 * `flush()` does all of that at once: before a message that reads the
 * document or starts an acknowledgement (sync step 1 or 2), or when the
 * connection closes.
 *
 * Presence alone (carets moved, nobody's text changed) does not ask for a
 * frame of its own: it waits for the next frame that applies document updates,
 * or PRESENCE_WAIT_MS at most. The server relays presence in batches of its
 * own, so with five people typing a fifth to a third of the frames with other
 * people's work were caret moves alone — each a view update, and a layout of
 * the page when a caret on screen moved (5-15 ms) — which a keystroke of mine
 * arriving then had to wait for (round 16). Carets drawn up to a tenth of a
 * second late cost nothing anyone sees; edits still show in the next frame.
 *
 * Nothing typed here waits in the inbox: it holds only what the server
 * already committed, so a tab closed with updates still in it loses nothing.
 */
import * as Y from 'yjs';
import type { FrameScheduler } from './frame-scheduler';

/** The longest presence alone waits for a frame that applies document updates. */
const PRESENCE_WAIT_MS = 100;

/** For the inbox tests: flushes that applied presence alone. */
export const inboxCounters = { presenceAlone: 0 };

export class RemoteInbox {
  private presence: (() => void)[] = [];
  private updates: Uint8Array[] = [];
  private afterUpdates: (() => void)[] = [];
  private presenceTimer: ReturnType<typeof setTimeout> | undefined;

  /** `origin`: the transaction origin of applied updates (the provider, as if it had applied them). */
  constructor(
    private readonly doc: Y.Doc,
    private readonly origin: unknown,
    private readonly frames: FrameScheduler,
    private readonly presenceWaitMs = PRESENCE_WAIT_MS,
  ) {}

  /** A document update (sync message 2). */
  receiveUpdate(update: Uint8Array): void {
    this.updates.push(update);
    this.frames.schedule(this.flush);
  }

  /** Presence (awareness) handling, run before the document updates of the next frame that has some. */
  receivePresence(apply: () => void): void {
    this.presence.push(apply);
    this.presenceTimer ??= setTimeout(() => {
      this.presenceTimer = undefined;
      this.frames.schedule(this.flush);
    }, this.presenceWaitMs);
  }

  /** Handling of a message that must run after the updates received before it. */
  receiveAfterUpdates(handle: () => void): void {
    this.afterUpdates.push(handle);
    this.frames.schedule(this.flush);
  }

  /** Applies everything received so far, now. */
  readonly flush = (): void => {
    clearTimeout(this.presenceTimer);
    this.presenceTimer = undefined;
    const presence = this.presence.splice(0);
    const updates = this.updates.splice(0);
    const afterUpdates = this.afterUpdates.splice(0);
    if (presence.length > 0 && updates.length + afterUpdates.length === 0) inboxCounters.presenceAlone++;
    for (const apply of presence) reportingErrors(apply);
    if (updates.length > 0) {
      // Not local (as Y.applyUpdate's own transaction is not); each update joins this one transaction.
      Y.transact(
        this.doc,
        () => {
          for (const update of updates) reportingErrors(() => Y.applyUpdate(this.doc, update, this.origin));
        },
        this.origin,
        false,
      );
    }
    for (const handle of afterUpdates) reportingErrors(handle);
  };

  /** The session is closing: what is left is on the server, and the document is going away. */
  discard(): void {
    clearTimeout(this.presenceTimer);
    this.presenceTimer = undefined;
    this.presence = [];
    this.updates = [];
    this.afterUpdates = [];
  }
}

/** One malformed message must not stop the others (as when each was handled on its own); its error still surfaces. */
function reportingErrors(f: () => void): void {
  try {
    f();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
