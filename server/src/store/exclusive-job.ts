/**
 * Runs a background job (a round check, a mail run, a checkpoint) so that it runs
 * in one process at a time: through the store's cross-process lock where several
 * processes share it (PostgreSQL, pg-job-locks.ts), directly otherwise (SQLite and
 * memory serve one process). Resolves false when another process had the job.
 */
import type { Stores } from './types.js';

export function runExclusive(stores: Pick<Stores, 'exclusive'>, job: string, work: () => Promise<void>): Promise<boolean> {
  if (stores.exclusive) return stores.exclusive(job, work);
  return work().then(() => true);
}
