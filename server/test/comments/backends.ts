/** The backends the comment and notification contracts run against: memory, and a real SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryStores, openSqliteStores } from '../../src/store/open-stores.js';
import type { Stores } from '../../src/store/types.js';
import type { StoreFactory } from '../store/factory.js';

export const memory: StoreFactory = {
  name: 'memory',
  open: async () => openMemoryStores(),
  dispose: (stores) => stores.close(),
};

const dirs = new WeakMap<Stores, string>();
export const sqlite: StoreFactory = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'concord-comments-'));
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
