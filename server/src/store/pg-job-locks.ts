/**
 * Background jobs that must run in one process at a time when several processes
 * share one PostgreSQL (review-round deadlines and reminders, the mail outbox,
 * checkpoints while people type): one session-level advisory lock per job,
 * taken with pg_try_advisory_lock on a connection of its own.
 *
 * Why a lock on a connection and not a claimed row or a lease: when a process
 * dies (kill -9, a lost machine), PostgreSQL closes its connection and releases
 * its locks at once, so no job stays claimed by the dead and nothing waits for a
 * lease to run out. The lock is only ever tried, never waited for, so the one
 * connection never blocks: a process that finds a job taken skips this turn and
 * tries again at its next tick.
 *
 * If the lock connection itself drops while a job runs (the process lives on),
 * PostgreSQL has released the lock and another process may start the same job:
 * the jobs are written to stay correct then (a round closes once, by a
 * conditional update; a mail may go out twice, as after a crash between sending
 * it and recording it; docs/RELIABILITY.md).
 */
import postgres from 'postgres';

/** The first half of every job lock's key; the migration lock uses the one-key space, which never overlaps. */
const JOB_LOCK_SPACE = 0x636f6e64; // 'cond'

export class PgJobLocks {
  private sql: postgres.Sql | undefined;
  private closed = false;

  constructor(private readonly url: string) {}

  /** Runs `work` unless another process holds the job's lock; false when skipped. */
  async exclusive(job: string, work: () => Promise<void>): Promise<boolean> {
    if (this.closed) return false;
    // Opened on first use: the command-line tool and tests that only read never hold a second connection.
    const sql = (this.sql ??= postgres(this.url, { max: 1, onnotice: () => {}, connect_timeout: 10, fetch_types: false }));
    const [row] = await sql<{ taken: boolean }[]>`SELECT pg_try_advisory_lock(${JOB_LOCK_SPACE}, hashtext(${job})) AS taken`;
    if (!row?.taken) return false;
    try {
      await work();
    } finally {
      // After the connection dropped the lock is gone already; unlocking then only says so.
      await sql`SELECT pg_advisory_unlock(${JOB_LOCK_SPACE}, hashtext(${job}))`.catch(() => {});
    }
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.sql?.end({ timeout: 5 });
  }
}
