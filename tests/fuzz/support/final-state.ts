/**
 * After an attack: what a fresh, stock y-websocket client loads, and what the
 * server's store reloads, must equal what the valid updates alone produce.
 */
import * as Y from 'yjs';
import { loadYDoc } from '@concord/server/sync/room';
import type { DocStore } from '@concord/server/store/types';
import { stockClient, synced } from '../../helpers/yclient.js';
import { contentOf, formatStateVector, sameStateVector, stateVectorOf, stateVectorWithout } from './doc-state.js';

/** Differences between `actual` and `expected`, ignoring the server's own block-id updates. */
export function compareDocs(label: string, actual: Y.Doc, expected: Y.Doc, serverClientIds: ReadonlySet<number>): string[] {
  const problems: string[] = [];
  const a = contentOf(actual, { ignoreBlockIds: true });
  const e = contentOf(expected, { ignoreBlockIds: true });
  if (a !== e) problems.push(`${label}: content differs\n  have ${a.slice(0, 400)}\n  want ${e.slice(0, 400)}`);
  const sa = stateVectorWithout(stateVectorOf(actual), serverClientIds as Set<number>);
  const se = stateVectorWithout(stateVectorOf(expected), serverClientIds as Set<number>);
  if (!sameStateVector(sa, se))
    problems.push(`${label}: state vector differs: have ${formatStateVector(sa)} want ${formatStateVector(se)}`);
  return problems;
}

/** Loads the document with a fresh stock client (no Concord additions) and returns a copy of it. */
export async function loadWithStockClient(serverUrl: string, docId: string, cookie: string, timeoutMs = 15_000): Promise<Y.Doc> {
  const client = stockClient(serverUrl, docId, cookie);
  try {
    await synced(client, timeoutMs);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc));
    return copy;
  } finally {
    client.destroy();
  }
}

/** Rebuilds the document from the store exactly as the server does when it loads it (throws if it would refuse). */
export async function loadFromStore(docs: DocStore, docId: string): Promise<{ doc: Y.Doc; logLength: number; hasSnapshot: boolean }> {
  const stored = await docs.loadDocState(docId);
  if (!stored) throw new Error(`document ${docId} is not stored`);
  return { doc: loadYDoc(docId, stored), logLength: stored.updates.length, hasSnapshot: stored.snapshot !== null };
}
