/**
 * The backends every store contract runs against: memory, a real SQLite file
 * (WAL) in a fresh temp dir, the same with document commits in the server's
 * worker-thread writer, and a real PostgreSQL server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryStores, openSqliteStores } from '../../src/store/open-stores.js';
import type { Stores } from '../../src/store/types.js';
import type { PgSql } from '../../src/store/pg-database.js';
import type { StoreFactory } from './factory.js';
import { openPgStores, pgStoresOn } from '../../src/store/open-pg-stores.js';
import { startPostgres, type PgCluster } from '../../../tests/helpers/postgres.js';

export const memory: StoreFactory = {
  name: 'memory',
  open: async () => openMemoryStores(),
  dispose: (stores) => stores.close(),
};

const dirs = new WeakMap<Stores, string>();
function sqliteBackend(name: string, options: Parameters<typeof openSqliteStores>[1]): StoreFactory {
  return {
    name,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'concord-store-'));
      const stores = openSqliteStores(join(dir, 'concord.sqlite'), options);
      dirs.set(stores, dir);
      return stores;
    },
    async dispose(stores) {
      await stores.close();
      const dir = dirs.get(stores);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sqlite = sqliteBackend('sqlite', {});
export const sqliteWithWriter = sqliteBackend('sqlite, commits in the writer thread', { writer: {} });

/**
 * PostgreSQL: one throw-away cluster per test file (started in the file's
 * beforeAll: `start`), one migrated database, emptied before each test.
 */
export function postgresBackend(): StoreFactory & { start(): Promise<void>; stop(): Promise<void>; readonly url: string } {
  let cluster: PgCluster | undefined;
  let pool: (Stores & { sql: PgSql }) | undefined;
  let url = '';
  let tables: string[] = [];
  return {
    name: 'postgresql',
    get url() {
      return url;
    },
    async start() {
      cluster = await startPostgres();
      url = await cluster.createDatabase('contract');
      pool = await openPgStores(url, { max: 4 });
      tables = (
        await pool.sql<
          { tablename: string }[]
        >`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'concord_schema'`
      ).map((r) => r.tablename);
    },
    async stop() {
      await pool?.close();
      await cluster?.destroy();
    },
    // One pool for the file; each test gets fresh stores (their caches empty) over emptied tables.
    async open() {
      if (!pool) throw new Error('postgresBackend: call start() in beforeAll first');
      // DELETE, not TRUNCATE: on a few rows it is far cheaper (no new files per table).
      await pool.sql.unsafe(tables.map((t) => `DELETE FROM ${t};`).join('\n'));
      return pgStoresOn(pool.sql);
    },
    dispose: (stores) => stores.close(),
  };
}
