/**
 * Background jobs with three Concord processes on one PostgreSQL (issue 20):
 * every process runs the review-round check and the mail sender, but each job
 * runs in one process at a time (an advisory lock per job, pg-job-locks.ts).
 * Rounds whose deadline passed while nothing ran, and mail queued meanwhile, are
 * found by all three at once when they start: each round closes once with one
 * audit entry, and each mail reaches the SMTP server once. A process that dies
 * holding a job's lock (here: its connection is cut, as PostgreSQL sees a kill -9)
 * blocks nothing: the others take the job over. Editors on three processes get
 * one checkpoint per editing window, not three.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '@concord/server/docs/create-document';
import { openPgStores } from '@concord/server/store/open-pg-stores';
import type { StoredMail } from '@concord/server/store/mail-types';
import { unsentMail } from '@concord/server/mail/unsent-mail';
import type { Stores } from '@concord/server/store/types';
import type { PgSql } from '@concord/server/store/pg-database';
import { startPostgres, type PgCluster } from '../../helpers/postgres.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startSmtp, type TestSmtp } from '../../helpers/smtp.js';
import { startServerProcess, type ServerProcess } from '../../helpers/process.js';
import { makeDataDir } from '../../helpers/server.js';
import { stockClient, synced, waitFor } from '../../helpers/yclient.js';
import { addFixtureUser, login } from '../../helpers/users.js';
import type { RunningServer } from '@concord/server/app';

const ROUNDS = 6;
const MAILS = 60;

let pg: PgCluster;
let redis: TestRedis;
let smtp: TestSmtp;
let stores: Stores & { sql: PgSql };
let env: Record<string, string>;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  [pg, redis, smtp] = await Promise.all([startPostgres(), startRedis(), startSmtp()]);
  const databaseUrl = await pg.createDatabase('background_jobs');
  env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, SMTP_URL: smtp.url, MAIL_FROM: 'concord@jobs.test' };
  stores = await openPgStores(databaseUrl);
}, 300_000);

afterAll(async () => {
  await Promise.allSettled(processes.map((p) => p.kill('SIGKILL')));
  await stores?.close();
  await smtp?.close();
  await redis?.stop();
  await pg?.destroy();
}, 120_000);

let mailCount = 0;
function mail(userId: string, docId: string, to: string): StoredMail {
  const n = ++mailCount;
  const fields = { id: `m_jobs_${n}`, key: `jobs-test:${n}`, userId, docId, kind: 'test', to, subject: `Mail ${n}` };
  return unsentMail({ ...fields, text: `mail ${n}`, html: `<p>mail ${n}</p>` }, new Date().toISOString());
}

/** Polls an asynchronous condition (store reads) until it holds. */
async function until(predicate: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until each of the three processes has tried to take a job lock and been
 * refused `turns` times from now on: the last statement of its lock connection
 * (pg_stat_activity) is a try, started later each time. Only the mail job is
 * taken (by `holderPid`) while this runs, and the round check comes every 30 s,
 * so these are mail turns, every 2 s each.
 */
async function refusedTurns(holderPid: number, turns: number): Promise<void> {
  const [now] = await stores.sql<{ since: Date }[]>`SELECT clock_timestamp() AS since`;
  const since = now!.since;
  const seen = new Map<number, Set<string>>();
  await until(
    async () => {
      const rows = await stores.sql<{ pid: number; started: Date }[]>`
        SELECT pid, query_start AS started FROM pg_stat_activity
        WHERE state = 'idle' AND query LIKE 'SELECT pg_try_advisory_lock%' AND query_start > ${since}
          AND pid <> ${holderPid} AND pid <> pg_backend_pid()`;
      for (const { pid, started } of rows) (seen.get(pid) ?? seen.set(pid, new Set()).get(pid)!).add(started.toISOString());
      return [...seen.values()].filter((starts) => starts.size >= turns).length >= 3;
    },
    60_000,
    `every process to find the mail job taken ${turns} times`,
  );
}

const received = (subject: string) => smtp.received.filter((m) => m.mail.subject === subject).length;

describe('background jobs across three processes on one PostgreSQL', { timeout: 300_000 }, () => {
  it('round deadlines close each round once; queued mail is sent once; a dead lock holder blocks nothing', async () => {
    // What a restart after an outage finds: rounds past their deadline, mail owed.
    const author = await addFixtureUser(stores.accounts, { email: 'author@jobs.test', name: 'Author', password: 'a long password' });
    const reader = await addFixtureUser(stores.accounts, { email: 'reader@jobs.test', name: 'Reader', password: 'a long password' });
    const doc = await createDocument(stores, { title: 'Jobs', authorId: author.id });
    await stores.members.setMember(doc.id, reader.id, 'commissioner');
    const past = new Date(Date.now() - 3600_000).toISOString();
    const roundIds: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const id = `r_jobs_${i}`;
      roundIds.push(id);
      await stores.rounds.create(
        {
          id,
          docId: doc.id,
          createdBy: author.id,
          createdAt: past,
          deadline: past,
          message: '',
          sectionIds: null,
          reminderHours: 0,
          state: 'open',
          closedAt: null,
          closedBy: null,
          closedReason: null,
          remindedAt: past,
          outcome: null,
        },
        { docId: doc.id, at: past, actorId: author.id, action: 'round.opened', blockId: null, details: { roundId: id } },
      );
    }
    const first = Array.from({ length: MAILS }, () => mail(reader.id, doc.id, 'reader@jobs.test'));
    expect((await stores.mail.enqueue(first)).length).toBe(MAILS);

    // All three start at once, and each checks rounds and sends mail as it starts.
    processes.push(...(await Promise.all([1, 2, 3].map(() => startServerProcess({ dataDir: makeDataDir(), env })))));

    await until(
      async () => (await Promise.all(roundIds.map((id) => stores.rounds.get(doc.id, id)))).every((r) => r?.state === 'closed'),
      60_000,
      'every round closed by its deadline',
    );
    await until(
      async () => (await Promise.all(first.map((m) => stores.mail.byKey(m.key)))).every((m) => m?.state === 'sent'),
      60_000,
      'every queued mail sent',
    );

    // A process holding the mail job dies: here the test holds it, then PostgreSQL loses its connection.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    // The processes take the job in turns every 2 s: try until it is free.
    const holder = (async () => {
      for (;;) {
        const ran = await stores.exclusive!('mail-outbox', async () => {
          holding = true;
          await held;
        });
        if (ran) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await waitFor(() => holding, 60_000, 'the test to hold the mail job');
    const second = Array.from({ length: 10 }, () => mail(reader.id, doc.id, 'reader@jobs.test'));
    await stores.mail.enqueue(second);
    // While the job is held nobody sends: every process has found it taken, twice, and sent nothing.
    const [holderLock] = await stores.sql<{ pid: number }[]>`
      SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND objid = hashtext('mail-outbox')::oid`;
    await refusedTurns(holderLock!.pid, 2);
    expect(second.map((m) => received(m.subject))).toEqual(second.map(() => 0));
    const cut = await stores.sql<{ pid: number }[]>`
      SELECT pg_terminate_backend(pid) AS cut, pid FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND objid = hashtext('mail-outbox')::oid`;
    expect(cut.length).toBe(1);
    release();
    await holder.catch(() => {});
    await until(
      async () => (await Promise.all(second.map((m) => stores.mail.byKey(m.key)))).every((m) => m?.state === 'sent'),
      60_000,
      'the mail queued while the job was held, sent once its holder is gone',
    );

    // Graceful stops wait for any run in progress: after them nothing more can be sent.
    await Promise.all(processes.splice(0).map((p) => p.kill('SIGTERM')));
    for (const m of [...first, ...second]) expect(received(m.subject), m.subject).toBe(1);
    expect(smtp.received.length).toBe(MAILS + second.length);
    const closings = (await stores.consensus.listAudit(doc.id)).filter((e) => e.action === 'round.closed');
    expect(closings.map((e) => (e.details as { roundId: string }).roundId).sort()).toEqual([...roundIds].sort());
    for (const id of roundIds) expect((await stores.rounds.get(doc.id, id))?.closedReason).toBe('deadline');
  });

  it('people typing through three processes get one checkpoint per editing window, not one per process', async () => {
    const interval = 1000;
    const env2 = { ...env, CHECKPOINT_INTERVAL_MS: String(interval) };
    processes.push(...(await Promise.all([1, 2, 3].map(() => startServerProcess({ dataDir: makeDataDir(), env: env2 })))));
    const author = await addFixtureUser(stores.accounts, { email: 'typist@jobs.test', name: 'Typist', password: 'a long password' });
    const doc = await createDocument(stores, { title: 'Checkpoints', authorId: author.id });
    const cookie = await login({ url: processes[0]!.url } as RunningServer, author.email, 'a long password');
    // One editor on each process: each process sees edits of its own and would take its own checkpoint.
    const editors = processes.map((p) => stockClient(p.url, doc.id, cookie));
    try {
      await Promise.all(editors.map((c) => synced(c, 30_000)));
      let n = 0;
      const typing = setInterval(() => {
        for (const c of editors) c.doc.getText('t').insert(0, String(++n % 10));
      }, 100);
      const auto = async () => (await stores.versions.list(doc.id)).filter((v) => v.reason === 'activity');
      try {
        await until(async () => (await auto()).length >= 3, 120_000, 'three checkpoints while typing goes on');
      } finally {
        clearInterval(typing);
      }
      // Each checkpoint is decided under the document's job lock, after the window since the last one ran out.
      const times = (await auto()).map((v) => Date.parse(v.createdAt));
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, `checkpoint ${i}`).toBeGreaterThanOrEqual(interval);
    } finally {
      for (const c of editors) c.destroy();
    }
  });
});
