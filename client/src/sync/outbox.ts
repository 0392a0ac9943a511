/**
 * What a keystroke sets off but does not paint, done once per frame after the
 * frame: writing the document's updates to the local copy (IndexedDB), sending
 * them to the server, posting them to the other tabs of the document, and
 * announcing my caret. Done inside the keystroke's transaction, as y-indexeddb,
 * y-websocket and the tab channel do by themselves, that was ~4 ms of a ~22 ms
 * keystroke on the 150-page report before the frame could be drawn, and with
 * five others typing one IndexedDB transaction per remote keystroke (issue 11).
 * Now the frame's updates are collected and, after the paint, my own are merged
 * into one (one socket message, one tab post) and all of them are written in one
 * IndexedDB transaction. Updates from the server are written as they came: they
 * are not merged here (the server's guard checked them for applying, and some
 * crafted updates make merging spin).
 *
 * Nothing waits where waiting could lose or misstate anything:
 *  - the update is in the Y.Doc at once, so the unsaved count includes it the
 *    moment it is typed;
 *  - whatever is pending goes out synchronously when the page is hidden or
 *    closed (`pagehide`, `visibilitychange`, `beforeunload`) and when the
 *    session ends (see DocSession), and `flush()` is called before anything
 *    whose meaning depends on what preceded it on the socket (a probe proves
 *    only the deletions sent before it);
 *  - the caret is announced after the updates it may point into.
 */
import * as Y from 'yjs';
import { afterNextPaint, type Cancel } from './after-paint';

/** Where one update has to go. */
export interface Destinations {
  localCopy: boolean;
  server: boolean;
  tabs: boolean;
}

export interface OutboxSinks {
  /** All of a frame's updates for the local copy, in order: one IndexedDB transaction. */
  localCopy(updates: readonly Uint8Array[]): void;
  server(update: Uint8Array): void;
  tabs(update: Uint8Array): void;
  /** My presence changed (the caret moved): announce it, after the updates. */
  presence(): void;
}

interface Pending {
  update: Uint8Array;
  /** Made on this device (typed here or in another tab): well-formed, safe to merge. */
  ours: boolean;
}

export class UpdateOutbox {
  private localCopy: Pending[] = [];
  private server: Uint8Array[] = [];
  private tabs: Uint8Array[] = [];
  private presence = false;
  private cancel: Cancel | null = null;
  private destroyed = false;
  private readonly onHidden = () => {
    if (document.visibilityState === 'hidden') this.flush();
  };
  private readonly onLeaving = () => this.flush();

  constructor(
    private readonly sinks: OutboxSinks,
    private readonly schedule: (flush: () => void) => Cancel = afterNextPaint,
  ) {
    if (typeof window === 'undefined') return;
    window.addEventListener('pagehide', this.onLeaving);
    window.addEventListener('beforeunload', this.onLeaving);
    document.addEventListener('visibilitychange', this.onHidden);
  }

  /** @param ours made on this device (typed here or in another tab), not received from the server. */
  add(update: Uint8Array, to: Destinations, ours: boolean): void {
    if (this.destroyed) return;
    if (to.localCopy) this.localCopy.push({ update, ours });
    if (to.server) this.server.push(update);
    if (to.tabs) this.tabs.push(update);
    if (to.localCopy || to.server || to.tabs) this.scheduleFlush();
  }

  presenceChanged(): void {
    if (this.destroyed) return;
    this.presence = true;
    this.scheduleFlush();
  }

  /** Writes and sends everything pending now, in the order it came. */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    const { localCopy, server, tabs, presence } = this;
    if (localCopy.length === 0 && server.length === 0 && tabs.length === 0 && !presence) return;
    this.localCopy = [];
    this.server = [];
    this.tabs = [];
    this.presence = false;
    if (localCopy.length > 0) this.sinks.localCopy(mergeRunsOfOurs(localCopy));
    if (server.length > 0) this.sinks.server(merged(server));
    if (tabs.length > 0) this.sinks.tabs(merged(tabs));
    if (presence) this.sinks.presence();
  }

  /** Flushes what is pending and stops listening to the page. */
  destroy(): void {
    this.flush();
    this.destroyed = true;
    if (typeof window === 'undefined') return;
    window.removeEventListener('pagehide', this.onLeaving);
    window.removeEventListener('beforeunload', this.onLeaving);
    document.removeEventListener('visibilitychange', this.onHidden);
  }

  private scheduleFlush(): void {
    if (!this.cancel) this.cancel = this.schedule(() => ((this.cancel = null), this.flush()));
  }
}

function merged(updates: readonly Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates as Uint8Array[]);
}

/** Consecutive updates made on this device merged into one; the server's kept apart. */
function mergeRunsOfOurs(pending: readonly Pending[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let run: Uint8Array[] = [];
  for (const { update, ours } of pending) {
    if (ours) {
      run.push(update);
      continue;
    }
    if (run.length > 0) out.push(merged(run));
    run = [];
    out.push(update);
  }
  if (run.length > 0) out.push(merged(run));
  return out;
}
