/** Opens every store on PostgreSQL (DATABASE_URL): one pool per process, shared by the stores. */
import { openPg, type OpenPgOptions, type PgSql } from './pg-database.js';
import { PgDocStore } from './pg-doc-store.js';
import { PgAccountStore } from './pg-account-store.js';
import { PgMemberStore } from './pg-member-store.js';
import { PgConsensusStore } from './pg-consensus-store.js';
import { PgCommentStore } from './pg-comment-store.js';
import { PgNotificationStore } from './pg-notification-store.js';
import { PgProposalStore } from './pg-proposal-store.js';
import { PgImageStore } from './pg-image-store.js';
import { PgRoundStore } from './pg-round-store.js';
import { PgMailStore } from './pg-mail-store.js';
import { PgVersionStore } from './pg-version-store.js';
import { PgJobLocks } from './pg-job-locks.js';
import type { Stores } from './types.js';

export async function openPgStores(url: string, options: OpenPgOptions = {}): Promise<Stores & { sql: PgSql }> {
  const sql = await openPg(url, options);
  // Background jobs run in one process at a time across all of them (pg-job-locks.ts).
  const jobs = new PgJobLocks(url);
  let closed = false;
  return {
    ...pgStoresOn(sql),
    exclusive: (job, work) => jobs.exclusive(job, work),
    async close() {
      if (closed) return;
      closed = true;
      await jobs.close();
      // Lets queries in flight finish (at most 5 s), then closes every connection.
      await sql.end({ timeout: 5 });
    },
  };
}

/** The stores over an open, migrated pool; closing them leaves the pool open (its owner ends it). */
export function pgStoresOn(sql: PgSql): Stores & { sql: PgSql } {
  return {
    sql,
    docs: new PgDocStore(sql),
    accounts: new PgAccountStore(sql),
    members: new PgMemberStore(sql),
    consensus: new PgConsensusStore(sql),
    comments: new PgCommentStore(sql),
    notifications: new PgNotificationStore(sql),
    proposals: new PgProposalStore(sql),
    images: new PgImageStore(sql),
    rounds: new PgRoundStore(sql),
    mail: new PgMailStore(sql),
    versions: new PgVersionStore(sql),
    async ping() {
      await sql`SELECT 1`;
    },
    async close() {},
  };
}
