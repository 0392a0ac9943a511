/**
 * Entry point: the only module that reads the environment and process signals.
 */
import { configFromEnv } from './config.js';
import { startServer } from './app.js';
import { createLogger } from './logger.js';
import { DataDirInUseError } from './store/data-dir-lock.js';
import { StoreError } from './store/types.js';
import { addressToOpen, startBanner } from './start-banner.js';

const config = configFromEnv();
// Written synchronously: the banner below must come after the log's lines, and a fatal line before exit.
const log = createLogger(config.logLevel, { sync: true });
const server = await startServer(config, { logger: log }).catch((err: unknown) => {
  if (err instanceof DataDirInUseError) {
    log.fatal({ dataDir: err.dataDir }, err.message);
    process.exit(1);
  }
  // DATABASE_URL names a database that does not answer, or whose schema is newer than this server.
  if (err instanceof StoreError) {
    log.fatal(err.message);
    process.exit(1);
  }
  throw err;
});
// For the person at the terminal, after the log's lines: where to go, and on the demo how to sign in.
process.stderr.write(
  startBanner(addressToOpen({ url: server.url, port: server.port, host: config.host, publicUrl: config.publicUrl }), server.demo),
);

let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (++signals > 1) process.exit(1); // second Ctrl-C: give up waiting
    log.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
