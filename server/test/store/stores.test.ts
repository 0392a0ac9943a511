/** Runs every store contract against every backend. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryStores, openSqliteStores } from '../../src/store/open-stores.js';
import type { Stores } from '../../src/store/types.js';
import type { StoreFactory } from './factory.js';
import { docStoreContract } from './doc-store.contract.js';
import { accountStoreContract } from './account-store.contract.js';
import { memberStoreContract } from './member-store.contract.js';

const memory: StoreFactory = {
  name: 'memory',
  open: async () => openMemoryStores(),
  dispose: (stores) => stores.close(),
};

/** A real SQLite file (WAL) in a fresh temp dir per test. */
const dirs = new WeakMap<Stores, string>();
const sqlite: StoreFactory = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'concord-store-'));
    const stores = openSqliteStores(join(dir, 'concord.sqlite'));
    dirs.set(stores, dir);
    return stores;
  },
  async dispose(stores) {
    await stores.close();
    const dir = dirs.get(stores);
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
};

for (const factory of [memory, sqlite]) {
  docStoreContract(factory);
  accountStoreContract(factory);
  memberStoreContract(factory);
}
