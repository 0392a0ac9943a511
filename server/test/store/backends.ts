/**
 * The backends every store contract runs against: memory, a real SQLite file
 * (WAL) in a fresh temp dir, and the same with document commits in the
 * server's worker-thread writer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryStores, openSqliteStores } from '../../src/store/open-stores.js';
import type { Stores } from '../../src/store/types.js';
import type { StoreFactory } from './factory.js';

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
