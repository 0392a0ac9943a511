/**
 * Convergence through the real server: several stock y-websocket clients make
 * seeded random edits (text, formatting, paragraphs with and without block
 * ids, map and array values) while being disconnected and reconnected at
 * random; offline edits stay local until the reconnect. In the end every
 * client must hold exactly the same document (same state vector bytes, same
 * content, same delete set), equal to the server's and to what a fresh client
 * loads after the server restarted. The seed replays the edits, disconnects and
 * pauses; how they interleave with the network still varies from run to run.
 */
import * as Y from 'yjs';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';
import { blocksAwaitingIds, contentOf, formatStateVector, stateVectorOf } from './doc-state.js';
import { randomEdit } from './edits.js';
import { Random } from './random.js';

export interface ConvergenceOptions {
  seed: number;
  /** Random actions (edits, disconnects, reconnects, pauses) in total. */
  steps: number;
  serverUrl: string;
  docId: string;
  /** One cookie per client (several clients may share an account). */
  cookies: string[];
  /** Restarts the server on the same data; returns its new URL. Optional. */
  restart?: () => Promise<string>;
  log?: (line: string) => void;
  convergeTimeoutMs?: number;
}

export interface ConvergenceReport {
  seed: number;
  steps: number;
  clients: number;
  edits: number;
  offlineEdits: number;
  disconnects: number;
  durationMs: number;
  /** Items in the final document (roughly: how much was typed). */
  finalStateVector: string;
  contentBytes: number;
  violations: string[];
}

export async function runConvergence(o: ConvergenceOptions): Promise<ConvergenceReport> {
  const started = performance.now();
  const r = new Random(o.seed);
  const report: ConvergenceReport = {
    seed: o.seed,
    steps: o.steps,
    clients: o.cookies.length,
    edits: 0,
    offlineEdits: 0,
    disconnects: 0,
    durationMs: 0,
    finalStateVector: '',
    contentBytes: 0,
    violations: [],
  };
  const clients: StockClient[] = o.cookies.map((cookie) => {
    const doc = new Y.Doc();
    doc.clientID = r.clientId();
    return stockClient(o.serverUrl, o.docId, cookie, { doc });
  });
  const online = clients.map(() => true);
  try {
    await Promise.all(clients.map((c) => synced(c, 30_000)));
    for (let step = 0; step < o.steps; step++) {
      const i = r.int(clients.length);
      const c = clients[i]!;
      const action = r.weighted<'edit' | 'toggle' | 'pause'>([
        [16, 'edit'],
        [2, 'toggle'],
        [2, 'pause'],
      ]);
      if (action === 'edit') {
        const edits = r.range(1, 3);
        for (let e = 0; e < edits; e++) randomEdit(c.doc, r, { blockIds: r.chance(0.6) });
        report.edits += edits;
        if (!online[i]) report.offlineEdits += edits;
      } else if (action === 'toggle') {
        if (online[i]) {
          c.provider.disconnect();
          report.disconnects++;
        } else {
          c.provider.connect();
        }
        online[i] = !online[i];
      } else {
        await new Promise((res) => setTimeout(res, r.int(25)));
      }
      if (step % 20 === 19) await new Promise((res) => setImmediate(res));
    }
    clients.forEach((c, i) => {
      if (!online[i]) c.provider.connect();
    });

    const timeout = o.convergeTimeoutMs ?? 30_000;
    const reference = () => clients[0]!.doc;
    const allEqual = () => {
      const sv = Y.encodeStateVector(reference());
      if (!clients.every((c) => c.provider.synced && bytesEqual(Y.encodeStateVector(c.doc), sv))) return false;
      const content = contentOf(reference());
      return clients.every((c) => contentOf(c.doc) === content);
    };
    try {
      // Converged on content the server's block-id pass (50 ms after a commit) leaves alone: an id
      // it gives after this point would reach every client first, and the copies would not be
      // equal, or would still lack it.
      await waitFor(() => allEqual() && blocksAwaitingIds(reference()) === 0, timeout, 'all clients to converge');
    } catch {
      const ref = reference();
      const refContent = contentOf(ref);
      const refDs = Y.createDeleteSetFromStructStore(ref.store);
      const diffs = clients.map(
        (c, k) =>
          `client ${k}: content ${contentOf(c.doc) === refContent ? 'same' : `DIFFERENT (${firstDifference(contentOf(c.doc), refContent)})`}, delete set ${Y.equalDeleteSets(Y.createDeleteSetFromStructStore(c.doc.store), refDs) ? 'same' : 'DIFFERENT'}`,
      );
      report.violations.push(`seed ${o.seed}: compared with client 0: ${diffs.join('; ')}`);
      report.violations.push(
        `seed ${o.seed}: clients did not converge: ${clients.map((c) => `[${formatStateVector(stateVectorOf(c.doc))}] synced=${c.provider.synced} connected=${c.provider.wsconnected} closes=${JSON.stringify(c.closeEvents.slice(-3))}`).join(' | ')}`,
      );
      return report;
    }
    const ref = reference();
    for (const [k, c] of clients.entries()) {
      if (!Y.equalDeleteSets(Y.createDeleteSetFromStructStore(c.doc.store), Y.createDeleteSetFromStructStore(ref.store)))
        report.violations.push(`seed ${o.seed}: client ${k} has a different delete set`);
    }
    report.finalStateVector = formatStateVector(stateVectorOf(ref));
    const content = contentOf(ref);
    report.contentBytes = content.length;

    if (o.restart) {
      for (const c of clients) c.provider.disconnect();
      const url = await o.restart();
      const fresh = stockClient(url, o.docId, o.cookies[0]!);
      try {
        await synced(fresh, 30_000);
        await waitFor(
          () => bytesEqual(Y.encodeStateVector(fresh.doc), Y.encodeStateVector(ref)),
          30_000,
          'fresh client after restart',
        ).catch(() => {});
        if (!bytesEqual(Y.encodeStateVector(fresh.doc), Y.encodeStateVector(ref))) {
          report.violations.push(
            `seed ${o.seed}: after restart the state vector differs: ${formatStateVector(stateVectorOf(fresh.doc))} vs ${report.finalStateVector}`,
          );
        } else if (contentOf(fresh.doc) !== content) {
          report.violations.push(`seed ${o.seed}: after restart the content differs`);
        }
      } finally {
        fresh.destroy();
      }
    }
    return report;
  } finally {
    for (const c of clients) c.destroy();
    report.durationMs = Math.round(performance.now() - started);
  }
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(Math.max(0, i - 120), i + 120)}… vs …${b.slice(Math.max(0, i - 120), i + 120)}…`;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function summariseConvergence(report: ConvergenceReport): string {
  return `seed ${report.seed}: ${report.clients} clients, ${report.steps} steps, ${report.edits} edits (${report.offlineEdits} offline), ${report.disconnects} disconnects, converged in ${(report.durationMs / 1000).toFixed(1)} s to ${report.contentBytes} bytes of content; ${report.violations.length} violations`;
}
