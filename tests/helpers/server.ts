/** Starts a real Concord server on port 0 with a real SQLite file in a temp dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv, type Config } from '@concord/server/config';
import { startServer, type RunningServer } from '@concord/server/app';
import { createLogger } from '@concord/server/logger';
import { FIXTURE_COST } from './users.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  config: Config;
  /** Stops the server and deletes its data dir. */
  dispose(): Promise<void>;
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'concord-test-'));
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  const config = configFromEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    UNLOAD_GRACE_MS: '200',
    ...env,
  });
  // Fixture users' cheap hashes count as current: signing in does not re-hash them at full cost.
  return { ...config, passwordCost: FIXTURE_COST };
}

export async function startTestServer(
  options: { dataDir?: string; env?: Record<string, string>; config?: Partial<Config>; signInClock?: () => number } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const config = { ...testConfig(dataDir, options.env), ...options.config };
  const server = await startServer(config, { logger: createLogger(config.logLevel), signInClock: options.signInClock });
  return {
    ...server,
    dataDir,
    config,
    async dispose() {
      await server.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
