/**
 * Opens the SQLite file and brings its schema up to date. One connection per
 * process; WAL lets the CLI read and write while the server runs.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './sqlite-migrations.js';

export type SqliteDb = Database.Database;

export interface OpenSqliteOptions {
  /** `full` survives power loss; `normal` survives process crashes (kill -9). Default full. */
  synchronous?: 'full' | 'normal';
}

export function openSqlite(file: string, options: OpenSqliteOptions = {}): SqliteDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  // The CLI and the server may write at the same moment; wait instead of failing.
  db.pragma('busy_timeout = 5000');
  immediateTransactionsByDefault(db);
  migrate(db);
  return db;
}

/**
 * The server writes from two connections (this one, and the document writer's in
 * its worker thread), and the CLI may write too. A deferred transaction that
 * reads before it writes fails at once with SQLITE_BUSY (no waiting) when another
 * connection committed in between; BEGIN IMMEDIATE takes the write lock first and
 * waits through busy_timeout. So `db.transaction(fn)` is immediate here; a
 * read-only transaction asks for `.deferred` explicitly.
 */
function immediateTransactionsByDefault(db: SqliteDb): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const t = transaction(fn);
    // Its variants are non-enumerable properties: pass each one on by name.
    return Object.assign((...args: never[]) => t.immediate(...args), {
      default: (...args: never[]) => t.default(...args),
      deferred: (...args: never[]) => t.deferred(...args),
      immediate: (...args: never[]) => t.immediate(...args),
      exclusive: (...args: never[]) => t.exclusive(...args),
    });
  }) as SqliteDb['transaction'];
}

function migrate(db: SqliteDb): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this server (${migrations.length}); refusing to touch it`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
