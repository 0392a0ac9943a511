/**
 * The server as `server/src/main.ts` starts it, except that its SQLite writer's
 * commits pass a CommitGate (the writer's test hook) that SIGUSR2 closes for good:
 * from then on no document commit starts its transaction, so a test can `kill -9` it between
 * sending an update to the other sockets and committing it, however slow the
 * machine is. It prints HELD_COMMITS_LINE once the gate is closed.
 * Started by helpers/process.ts (`holdableCommits`).
 */
import { configFromEnv } from '@concord/server/config';
import { startServer } from '@concord/server/app';
import { createLogger } from '@concord/server/logger';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { CommitGate } from '@concord/server/store/sqlite-writer';
import { HELD_COMMITS_LINE } from '../../helpers/process.js';

const config = configFromEnv();
const gate = new CommitGate();
const stores = openSqliteStores(config.dbFile, { synchronous: config.sqliteSynchronous, writer: { commitGate: gate } });
// Installed before the server listens: a SIGUSR2 can only come once /healthz answered.
process.on('SIGUSR2', () => {
  gate.close();
  process.stderr.write(`${HELD_COMMITS_LINE}\n`);
});
await startServer(config, { logger: createLogger(config.logLevel), stores });
