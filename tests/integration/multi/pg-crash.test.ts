/**
 * The kill -9 crash test re-run against PostgreSQL (issue 20): three Concord
 * processes on one PostgreSQL and one Redis, twenty stock clients typing spread
 * over them, and one process killed with SIGKILL at a random (seeded) moment
 * each round, then restarted on its port. After every kill PostgreSQL holds
 * every token any client was told was saved (read through the store, as for
 * SQLite in crash.test.ts), while the other two processes keep serving; in the
 * end every client converges and everything typed is stored.
 *
 * Replay a run with CRASH_SEED=<seed>; more rounds with CRASH_PG_ROUNDS=<n>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '@concord/server/auth/accounts';
import { createDocument } from '@concord/server/docs/create-document';
import { openPgStores } from '@concord/server/store/open-pg-stores';
import type { Stores } from '@concord/server/store/types';
import { startPostgres, type PgCluster } from '../../helpers/postgres.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServerProcess, type ServerProcess } from '../../helpers/process.js';
import { makeDataDir } from '../../helpers/server.js';
import { waitFor } from '../../helpers/yclient.js';
import { expectedTokens, prng, Typist } from '../support/typists.js';
import { seededSessionCookie } from '../../helpers/sessions.js';
import {
  acknowledged,
  converged,
  expectAcknowledgedStored,
  keepTyping,
  storedDoc,
  totalAcked,
  withDiagnostics,
} from '../support/crash-check.js';

const SEED = Number(process.env.CRASH_SEED ?? 20261202);
// Modest in CI: each round costs a process restart (several seconds on a loaded 2-core machine).
const ROUNDS = Number(process.env.CRASH_PG_ROUNDS ?? 3);
const WRITERS = 20;
const PROCESSES = 3;

let pg: PgCluster;
let redis: TestRedis;
let stores: Stores;
let env: Record<string, string>;
const processes: ServerProcess[] = [];
const typists: Typist[] = [];

beforeAll(async () => {
  // Each stock client (y-websocket) adds a process exit listener.
  process.setMaxListeners(Math.max(process.getMaxListeners(), WRITERS + 10));
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  env = { DATABASE_URL: await pg.createDatabase('pg_crash'), REDIS_URL: redis.url, UNLOAD_GRACE_MS: '200' };
  stores = await openPgStores(env.DATABASE_URL!);
}, 300_000);

afterAll(async () => {
  for (const t of typists.splice(0)) t.destroy();
  await Promise.allSettled(processes.map((p) => p.kill('SIGKILL')));
  await stores?.close();
  await redis?.stop();
  await pg?.destroy();
}, 120_000);

/** Twenty commissioners, each with a stored session, on one document. */
async function seed(): Promise<{ docId: string; cookies: string[] }> {
  const cookies: string[] = [];
  let docId = '';
  for (let i = 0; i < WRITERS; i++) {
    const user = await addUser(stores.accounts, { email: `writer-${i}@pg-crash.test`, name: `Writer ${i}`, password: 'typist password' });
    const sessionCookie = await seededSessionCookie(stores.accounts, user.id);
    cookies.push(sessionCookie);
    if (i === 0) docId = (await createDocument(stores, { title: 'Crash test on PostgreSQL', authorId: user.id })).id;
    else await stores.members.setMember(docId, user.id, 'commissioner');
  }
  return { docId, cookies };
}

describe('durability under kill -9 with three processes on PostgreSQL', { timeout: 600_000 }, () => {
  it(`keeps every acknowledged update of ${WRITERS} writers over ${ROUNDS} kills (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const { docId, cookies } = await seed();
    processes.push(await startServerProcess({ dataDir: makeDataDir(), env }));
    processes.push(...(await Promise.all([1, 2].map(() => startServerProcess({ dataDir: makeDataDir(), env })))));
    // Writer i types through process i mod 3.
    for (let i = 0; i < WRITERS; i++) typists.push(new Typist(i, processes[i % PROCESSES]!.url, docId, cookies[i]!));
    // About 40 tokens a second in all: enough to be mid-flow at every kill, little enough for a loaded CI machine.
    const typing = keepTyping(typists, random, { minMs: 10, spreadMs: 30 });
    const rounds: { acked: number; typed: number }[] = [];
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        const victim = (round - 1) % PROCESSES;
        const ackedBefore = totalAcked(typists);
        await withDiagnostics(typists, () =>
          waitFor(() => totalAcked(typists) > ackedBefore, 60_000, `an acknowledgement in round ${round}`),
        );
        // A seeded random moment to kill at: the scenario, not a wait for something.
        await new Promise((r) => setTimeout(r, Math.floor(random() * 600)));
        const { port, dataDir } = processes[victim]!;
        await processes[victim]!.kill('SIGKILL');
        // The other two go on acknowledging: take the acknowledgements first, then read what is stored.
        const acks = acknowledged(typists);
        const doc = await storedDoc(stores, docId);
        const acked = expectAcknowledgedStored(doc, typists, `round ${round}, process ${victim + 1} killed (seed ${SEED})`, acks);
        rounds.push({ acked, typed: typists.reduce((n, t) => n + t.typed, 0) });
        doc.destroy();
        processes[victim] = await startServerProcess({ dataDir, port, env });
      }
    } finally {
      typing.stop();
    }
    await converged(typists, 120_000);
    await Promise.all(processes.splice(0).map((p) => p.kill('SIGTERM')));
    const doc = await storedDoc(stores, docId);
    for (const t of typists) expect(doc.getArray(t.arrayName).toArray()).toEqual(expectedTokens(t.index, t.typed));
    // Not vacuous: acknowledgements kept coming, and kills hit typing not yet acknowledged.
    expect(rounds.at(-1)!.acked).toBeGreaterThan(rounds[0]!.acked);
    expect(rounds.some((r) => r.typed > r.acked)).toBe(true);
  });
});
