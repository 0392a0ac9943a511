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
 * Nothing typed here waits in the inbox: it holds only what the server
 * already committed, so a tab closed with updates still in it loses nothing.
 */
import * as Y from 'yjs';
import type { FrameScheduler } from './frame-scheduler';

export class RemoteInbox {
  private presence: (() => void)[] = [];
  private updates: Uint8Array[] = [];
  private afterUpdates: (() => void)[] = [];

  /** `origin`: the transaction origin of applied updates (the provider, as if it had applied them). */
  constructor(
    private readonly doc: Y.Doc,
    private readonly origin: unknown,
    private readonly frames: FrameScheduler,
  ) {}

  /** A document update (sync message 2). */
  receiveUpdate(update: Uint8Array): void {
    this.updates.push(update);
    this.frames.schedule(this.flush);
  }

  /** Presence (awareness) handling, run before the frame's document updates. */
  receivePresence(apply: () => void): void {
    this.presence.push(apply);
    this.frames.schedule(this.flush);
  }

  /** Handling of a message that must run after the updates received before it. */
  receiveAfterUpdates(handle: () => void): void {
    this.afterUpdates.push(handle);
    this.frames.schedule(this.flush);
  }

  /** Applies everything received so far, now. */
  readonly flush = (): void => {
    const presence = this.presence.splice(0);
    const updates = this.updates.splice(0);
    const afterUpdates = this.afterUpdates.splice(0);
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
