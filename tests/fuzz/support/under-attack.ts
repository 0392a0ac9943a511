/**
 * A server process with a 150-page report under attack by several hostile
 * connections (support/attacks.ts), while health checks run and two clients
 * keep editing a quiet document and the report itself. Measures what the
 * well-behaved side sees, in wall-clock time and in the server's CPU time spent
 * while each answer was awaited (process-cpu.ts); used by the responsiveness
 * test and the soak.
 */
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import { makeDataDir } from '../../helpers/server.js';
import { startServerProcess } from '../../helpers/process.js';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';
import { attack, ATTACK_KINDS, isExpectedOutcome, type AttackKind } from './attacks.js';
import { reportDocument } from './edits.js';
import { healthz } from './fixture.js';
import { seedDataDir } from '../../helpers/seeded-data-dir.js';
import { Random } from './random.js';
import { residentBytes } from './sized.js';
import { timedAgainst } from './process-cpu.js';

/**
 * How long a health check, an edit's trip or an attacker's close may take before the run
 * fails: watchdogs for a server that never answers, far beyond what a loaded machine
 * stretches an answer to. The bounds that matter are in server CPU time (the report).
 */
const WATCHDOG_MS = 90_000;

export interface UnderAttackOptions {
  seed: number;
  /** The attack lasts at least this long … */
  attackMs: number;
  /**
   * … and until the quiet document has had this many edits (default 0), so that a
   * loaded machine stretches the attack instead of shrinking the sample measured under it.
   */
  minQuietEdits?: number;
  attackers?: number;
  kinds?: AttackKind[];
  maxMessageBytes?: number;
  paragraphs?: number;
}

export interface UnderAttackReport {
  attackMs: number;
  /** "kind:close code" → count. */
  outcomes: Record<string, number>;
  healthMs: Stats;
  quietEditMs: Stats;
  /**
   * The server's CPU time (all its threads) spent while each health check, and each
   * edit's trip to the other client, was awaited: what the honest side waited behind.
   * Unlike wall-clock time, a loaded machine does not stretch it.
   */
  healthCpuMs: Stats;
  quietEditCpuMs: Stats;
  rssMiB: { before: number; after: number };
  serverAlive: boolean;
  /** Problems found (unexpected close codes, no convergence afterwards). */
  violations: string[];
}

interface Stats {
  count: number;
  median: number;
  max: number;
}

export async function runUnderAttack(o: UnderAttackOptions): Promise<UnderAttackReport> {
  const maxMessageBytes = o.maxMessageBytes ?? 256 * 1024;
  const kinds = o.kinds ?? ATTACK_KINDS;
  const r = new Random(o.seed);
  const report = reportDocument(r, o.paragraphs ?? 1500);
  const dataDir = makeDataDir();
  const attackerNames = Array.from({ length: o.attackers ?? 3 }, (_, i) => `Attacker ${i + 1}`);
  const seeded = await seedDataDir({
    dataDir,
    people: [{ name: 'Good' }, ...attackerNames.map((name) => ({ name }))],
    docs: [{ title: 'Under attack', initialUpdate: Y.encodeStateAsUpdate(report) }, { title: 'Quiet' }],
  });
  const [bigDoc, quietDoc] = seeded.docIds as [string, string];
  const server = await startServerProcess({ dataDir, env: { MAX_MESSAGE_BYTES: String(maxMessageBytes), UNLOAD_GRACE_MS: '200' } });
  const clients: StockClient[] = [];
  const violations: string[] = [];
  try {
    const url = server.url;
    const bigA = stockClient(url, bigDoc, seeded.cookieOf('Good'));
    const bigB = stockClient(url, bigDoc, seeded.cookieOf('Good'));
    const quietA = stockClient(url, quietDoc, seeded.cookieOf('Good'));
    const quietB = stockClient(url, quietDoc, seeded.cookieOf('Good'));
    clients.push(bigA, bigB, quietA, quietB);
    await Promise.all(clients.map((c) => synced(c, WATCHDOG_MS)));
    const rssBefore = await residentBytes(server.child.pid!);

    const outcomes: Record<string, number> = {};
    const health: number[] = [];
    const healthCpu: number[] = [];
    const propagation: number[] = [];
    const propagationCpu: number[] = [];
    const pid = server.child.pid!;
    const started = Date.now();
    let failed = false;
    const attacking = () => !failed && (Date.now() - started < o.attackMs || propagation.length < (o.minQuietEdits ?? 0));
    const attackers = attackerNames.map(async (name, w) => {
      for (let i = w; attacking(); i++) {
        const kind = kinds[i % kinds.length]!;
        const outcome = await attack(
          kind,
          {
            serverUrl: url,
            docId: bigDoc,
            cookie: seeded.cookieOf(name),
            maxMessageBytes,
            longList: 'default',
            closeWithinMs: WATCHDOG_MS,
          },
          r,
        );
        const key = `${kind}:${outcome}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        if (!isExpectedOutcome(kind, outcome)) violations.push(`attack ${key}: not a documented outcome`);
      }
    });
    const probes = (async () => {
      while (attacking()) {
        const probe = await timedAgainst(pid, () => healthz(url, WATCHDOG_MS));
        health.push(probe.wallMs);
        healthCpu.push(probe.cpuMs);
        await new Promise((res) => setTimeout(res, 100));
      }
    })();
    const edits = (async () => {
      for (let n = 0; attacking(); n++) {
        const word = ` quiet${n}`;
        const trip = await timedAgainst(pid, async () => {
          quietA.doc.getText('t').insert(quietA.doc.getText('t').length, word);
          await waitFor(() => quietB.doc.getText('t').toString().endsWith(word), WATCHDOG_MS, `edit ${n} on the quiet document`);
        });
        propagation.push(trip.wallMs);
        propagationCpu.push(trip.cpuMs);
        bigA.doc.getText('t').insert(bigA.doc.getText('t').length, word); // the attacked document's clients edit too
        await new Promise((res) => setTimeout(res, 250));
      }
    })();
    // A failure (an edit that never arrives, a health check refused) ends every loop, then fails the run.
    await Promise.all(
      [...attackers, probes, edits].map((loop) =>
        loop.catch((err: unknown) => {
          failed = true;
          throw err;
        }),
      ),
    );
    const rssAfter = await residentBytes(pid);
    const serverAlive = server.child.exitCode === null && server.child.signalCode === null;

    // Afterwards the attacked document's clients converge, and a fresh client loads all of it.
    const typed = bigA.doc.getText('t').toString();
    try {
      await waitFor(
        () => bigB.doc.getText('t').toString() === typed && bigA.provider.synced && bigB.provider.synced,
        WATCHDOG_MS,
        'the attacked document to converge',
      );
      const fresh = stockClient(url, bigDoc, seeded.cookieOf('Good'));
      clients.push(fresh);
      await synced(fresh, WATCHDOG_MS);
      await waitFor(() => fresh.doc.getText('t').toString() === typed, WATCHDOG_MS, 'a fresh client to load the attacked document');
      if (fresh.doc.getXmlFragment('default').length !== (o.paragraphs ?? 1500)) violations.push('the attacked document lost paragraphs');
    } catch (err) {
      violations.push(`after the attack: ${err instanceof Error ? err.message : String(err)}`);
    }
    return {
      attackMs: o.attackMs,
      outcomes,
      healthMs: stats(health),
      quietEditMs: stats(propagation),
      healthCpuMs: stats(healthCpu),
      quietEditCpuMs: stats(propagationCpu),
      rssMiB: { before: Math.round(rssBefore / 2 ** 20), after: Math.round(rssAfter / 2 ** 20) },
      serverAlive,
      violations,
    };
  } finally {
    for (const c of clients) c.destroy();
    await server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function stats(xs: number[]): Stats {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    count: xs.length,
    median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    max: Math.round(sorted[sorted.length - 1] ?? 0),
  };
}

export function summariseUnderAttack(report: UnderAttackReport): string {
  const attacks = Object.values(report.outcomes).reduce((a, b) => a + b, 0);
  return (
    `${attacks} hostile connections in ${report.attackMs / 1000} s ${JSON.stringify(report.outcomes)}; ` +
    `/healthz ${report.healthMs.count} answers, median ${report.healthMs.median} ms, max ${report.healthMs.max} ms ` +
    `(server CPU meanwhile: median ${report.healthCpuMs.median} ms, max ${report.healthCpuMs.max} ms); ` +
    `quiet document ${report.quietEditMs.count} edits, median ${report.quietEditMs.median} ms, max ${report.quietEditMs.max} ms ` +
    `(server CPU meanwhile: median ${report.quietEditCpuMs.median} ms, max ${report.quietEditCpuMs.max} ms); ` +
    `server RSS ${report.rssMiB.before} → ${report.rssMiB.after} MiB; ${report.violations.length} violations`
  );
}
