/** Starts a real Concord server on port 0 with a real SQLite file in a temp dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv, type Config } from '@concord/server/config';
import { startServer, type RunningServer } from '@concord/server/app';
import { createLogger } from '@concord/server/logger';

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
  return configFromEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    UNLOAD_GRACE_MS: '200',
    ...env,
  });
}

export async function startTestServer(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const config = testConfig(dataDir, options.env);
  const server = await startServer(config, { logger: createLogger(config.logLevel) });
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
