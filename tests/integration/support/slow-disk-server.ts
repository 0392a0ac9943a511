/**
 * The server as `server/src/main.ts` starts it, except that every document
 * commit takes COMMIT_DELAY_MS longer inside the SQLite writer (its test hook,
 * a slow fsync): a test can then `kill -9` it between sending an update to the
 * other sockets and committing it. Started by helpers/process.ts (`slowCommitMs`).
 */
import { configFromEnv } from '@concord/server/config';
import { startServer } from '@concord/server/app';
import { createLogger } from '@concord/server/logger';
import { openSqliteStores } from '@concord/server/store/open-stores';

const commitDelayMs = Number(process.env.COMMIT_DELAY_MS);
if (!(commitDelayMs > 0)) throw new Error('COMMIT_DELAY_MS must be a positive number of milliseconds');
const config = configFromEnv();
const stores = openSqliteStores(config.dbFile, { synchronous: config.sqliteSynchronous, writer: { commitDelayMs } });
await startServer(config, { logger: createLogger(config.logLevel), stores });
