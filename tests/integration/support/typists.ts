/**
 * Stock y-websocket clients that type numbered tokens, each into its own
 * Y.Array, so that "everything acknowledged is stored" can be checked exactly:
 * token k of a client is its k-th change (Yjs clock k), so an acknowledged
 * state vector entry c for that client means tokens 0 … c-1 must be stored.
 */
import * as Y from 'yjs';
import { stockClient, type StockClient } from '../../helpers/yclient.js';
import { listenConcord, type ConcordInbox } from './concord-messages.js';

export class Typist {
  readonly client: StockClient;
  readonly inbox: ConcordInbox;
  typed = 0;

  constructor(
    readonly index: number,
    serverUrl: string,
    docId: string,
    cookie: string,
  ) {
    this.client = stockClient(serverUrl, docId, cookie, { concord: true, connect: false });
    this.inbox = listenConcord(this.client);
    this.client.provider.connect();
  }

  get clientId(): number {
    return this.client.doc.clientID;
  }

  get arrayName(): string {
    return arrayName(this.index);
  }

  typeOne(): void {
    this.client.doc.getArray<string>(this.arrayName).push([token(this.index, this.typed)]);
    this.typed++;
  }

  destroy(): void {
    this.client.destroy();
  }
}

const arrayName = (index: number) => `tokens-${index}`;
const token = (index: number, n: number) => `${index}:${n}`;

/** The tokens a client typed, in order: 0 … count-1. */
export const expectedTokens = (index: number, count: number) => Array.from({ length: count }, (_, n) => token(index, n));

/** Highest clock of `clientId` acknowledged to any of the typists. */
export function ackedByServer(typists: readonly Typist[], clientId: number): number {
  return Math.max(0, ...typists.map((t) => t.inbox.ackedClock(clientId)));
}

/** Replays a stored document (snapshot + log) into a fresh Y.Doc. */
export function docFromStored(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

/** Small, fast, seedable PRNG (mulberry32): the same seed replays the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
