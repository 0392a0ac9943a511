/**
 * What a benchmark client received of the document, read off the wire instead
 * of integrated into a Y.Doc. A receiver only has to know which clocks of which
 * writers arrived; integrating every keystroke of twenty writers into fifty
 * copies of a 1,650-block document cost the load generator most of its core.
 * The client still reads every message the server sends; only what it does
 * with a document update changes, so the server cannot tell.
 */
import * as Y from 'yjs';

/** A Yjs client's structs [from, to) that arrived before the ones they follow. */
type Range = [from: number, to: number];

/**
 * Per Yjs client, the clock up to which every struct has arrived: the state
 * vector a document would have after applying the same updates (structs that
 * arrive ahead of a gap count once the gap is filled, as Yjs holds them pending).
 */
export class ReceivedClocks {
  private readonly clocks: Map<number, number>;
  private readonly ahead = new Map<number, Range[]>();
  private readonly listeners = new Set<(client: number, clock: number) => void>();

  /** `initial`: the state vector of what the client already holds (its document when it stopped integrating). */
  constructor(initial: Map<number, number>) {
    this.clocks = new Map(initial);
  }

  /** Every struct of `client` below this clock has arrived. */
  get(client: number): number {
    return this.clocks.get(client) ?? 0;
  }

  /** Calls `listener` each time a client's clock advances; returns the unsubscribe. */
  listen(listener: (client: number, clock: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records the structs of one update (the payload of a sync step 2 or update message, Yjs update format v1). */
  addUpdate(update: Uint8Array): void {
    const { from, to } = Y.parseUpdateMeta(update);
    for (const [client, end] of to) this.addRange(client, from.get(client)!, end);
  }

  private addRange(client: number, start: number, end: number): void {
    const have = this.get(client);
    if (end <= have) return;
    if (start > have) {
      const waiting = this.ahead.get(client) ?? [];
      waiting.push([start, end]);
      this.ahead.set(client, waiting);
      return;
    }
    let clock = end;
    const waiting = this.ahead.get(client);
    if (waiting) {
      // Ranges that had been waiting for this one: take in every one the clock now reaches.
      let merged = true;
      while (merged) {
        merged = false;
        for (let i = waiting.length - 1; i >= 0; i--) {
          const [s, e] = waiting[i]!;
          if (s > clock) continue;
          clock = Math.max(clock, e);
          waiting.splice(i, 1);
          merged = true;
        }
      }
      if (waiting.length === 0) this.ahead.delete(client);
    }
    this.clocks.set(client, clock);
    for (const listener of this.listeners) listener(client, clock);
  }
}
