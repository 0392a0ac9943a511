/**
 * The checks of the kill -9 crash tests, whatever the engine: typists type,
 * servers are killed, and every token any client was told was saved must be in
 * the store. The store is read through the Stores interface (loadDocState), the
 * same for SQLite (crash.test.ts) and PostgreSQL (multi/pg-crash.test.ts).
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import type { Stores } from '@concord/server/store/types';
import { waitFor } from '../../helpers/yclient.js';
import { ackedByServer, docFromStored, expectedTokens, type Typist } from './typists.js';

/** The document as the store holds it now (snapshot + log). */
export async function storedDoc(stores: Pick<Stores, 'docs'>, docId: string): Promise<Y.Doc> {
  const stored = await stores.docs.loadDocState(docId);
  if (!stored) throw new Error('document is gone');
  return docFromStored(stored);
}

/** Per typist, what the server had acknowledged: take it *before* reading the store while other servers still write. */
export const acknowledged = (typists: readonly Typist[]): number[] => typists.map((t) => ackedByServer(typists, t.clientId));

/** Every token acknowledged (`acks`, from `acknowledged`) is stored, in order, and nothing else is. Returns how many were acknowledged. */
export function expectAcknowledgedStored(doc: Y.Doc, typists: readonly Typist[], context: string, acks = acknowledged(typists)): number {
  let total = 0;
  typists.forEach((t, i) => {
    const stored = doc.getArray<string>(t.arrayName).toArray();
    const ack = acks[i]!;
    total += ack;
    expect(ack, `${context}: acknowledged more than typed`).toBeLessThanOrEqual(t.typed);
    expect(stored.length, `${context}: client ${t.index} acked ${ack} tokens, stored ${stored.length}`).toBeGreaterThanOrEqual(ack);
    expect(stored, `${context}: client ${t.index} tokens out of order or foreign`).toEqual(expectedTokens(t.index, stored.length));
  });
  return total;
}

export const totalAcked = (typists: readonly Typist[]) => acknowledged(typists).reduce((a, b) => a + b, 0);

/** Types one token every `minMs` to `minMs + spreadMs` ms (default 2–12) into a random client until stopped, online or not. */
export function keepTyping(typists: readonly Typist[], random: () => number, pace = { minMs: 2, spreadMs: 10 }): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    typists[Math.floor(random() * typists.length)]!.typeOne();
    timer = setTimeout(tick, pace.minMs + Math.floor(random() * pace.spreadMs));
  };
  tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Everyone has everything, and the server acknowledged all of it. */
export async function converged(typists: readonly Typist[], timeoutMs = 60_000): Promise<void> {
  await withDiagnostics(typists, () =>
    waitFor(
      () =>
        typists.every((t) => ackedByServer(typists, t.clientId) === t.typed) &&
        typists.every((reader) => typists.every((t) => reader.client.doc.getArray(t.arrayName).length === t.typed)),
      timeoutMs,
      'all clients to converge and every token to be acknowledged',
    ),
  );
  const vectors = typists.map((t) => Buffer.from(Y.encodeStateVector(t.client.doc)).toString('hex'));
  expect(new Set(vectors).size).toBe(1);
}

/** A client's pending structs (held over a gap, see server/src/sync/integrable-part.ts): the clocks it misses, per client id. */
export const pendingOf = (t: Typist): string => {
  const pending = t.client.doc.store.pendingStructs;
  return pending ? JSON.stringify(Object.fromEntries(pending.missing)) : 'none';
};

/** On failure, say what each client saw: the usual culprit is a close code that stops reconnecting. */
export async function withDiagnostics(typists: readonly Typist[], wait: () => Promise<void>): Promise<void> {
  try {
    await wait();
  } catch (err) {
    const state = typists.map(
      (t) =>
        `client ${t.index} (id ${t.clientId}): typed ${t.typed}, acked ${ackedByServer(typists, t.clientId)}, connected ${t.client.provider.wsconnected}, ` +
        `closes ${JSON.stringify(t.client.closeEvents.slice(-3))}, errors ${JSON.stringify(t.inbox.errors.slice(-2))}, pending ${pendingOf(t)}`,
    );
    throw new Error(`${(err as Error).message}\n${state.join('\n')}`, { cause: err });
  }
}
