/**
 * Several Concord servers in this process on one store and one Redis: what
 * several processes on one database look like to the bus and the rooms, without
 * a database server. Each has its own data dir (the lock), and all share one
 * set of SQLite stores in the first one's dir, so the CLI can work on it too.
 */
import { rmSync } from 'node:fs';
import { startServer, type RunningServer } from '@concord/server/app';
import { createLogger } from '@concord/server/logger';
import { openSqliteStores } from '@concord/server/store/open-stores';
import type { Stores } from '@concord/server/store/types';
import { makeDataDir, testConfig } from './server.js';

export interface SharedServers {
  servers: RunningServer[];
  /** Where the shared SQLite file is (DATA_DIR for the CLI). */
  dataDir: string;
  stores: Stores;
  dispose(): Promise<void>;
}

export interface SharedServersOptions {
  env?: Record<string, string>;
  /** The stores server `index` uses (default: the shared ones), e.g. to slow one server's reads down. */
  storesFor?: (index: number, shared: Stores) => Stores;
}

export async function startSharedServers(count: number, redisUrl: string, options: SharedServersOptions = {}): Promise<SharedServers> {
  const env = options.env ?? {};
  const dirs = Array.from({ length: count }, () => makeDataDir());
  const first = testConfig(dirs[0]!, env);
  const opened = openSqliteStores(first.dbFile, { writer: {} });
  // Each server closes "its" stores when it stops; the shared ones close once, at the end.
  const shared: Stores = { ...opened, close: async () => {} };
  const servers: RunningServer[] = [];
  try {
    for (const [index, dir] of dirs.entries()) {
      const config = testConfig(dir, { REDIS_URL: redisUrl, ...env });
      const stores = options.storesFor?.(index, shared) ?? shared;
      servers.push(await startServer(config, { logger: createLogger(config.logLevel), stores }));
    }
  } catch (err) {
    await Promise.allSettled(servers.map((s) => s.stop()));
    await opened.close();
    throw err;
  }
  return {
    servers,
    dataDir: dirs[0]!,
    stores: shared,
    async dispose() {
      await Promise.allSettled(servers.map((s) => s.stop()));
      await opened.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
