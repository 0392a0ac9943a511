/**
 * One server per data directory. Two servers on one DATA_DIR lose acknowledged
 * edits: each compacts a document's update log and deletes updates the other
 * logged. Until compaction is safe with several writers, a second server
 * refuses to start. The CLI, which never compacts, does not take this lock and
 * may run beside the server.
 *
 * The lock is SQLite's own exclusive file lock on `server.lock` in the data
 * directory, held by an open transaction for the server's lifetime: the
 * operating system drops it when the process ends in any way (kill -9
 * included), so there is no stale lock to clean up.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'server.lock';

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `another Concord server is already using the data directory ${dataDir}; stop it first, or give this one its own DATA_DIR (the concord CLI may run beside a server)`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DataDirInUseError(dataDir);
    throw err;
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}
