// @ts-check
/**
 * The durable commit, off the main thread: a worker thread with its own SQLite
 * connection (WAL, same `synchronous` as the main one) that runs one transaction
 * per batch it is handed, strictly one after the other, and answers only once
 * the commit (and its fsync) has returned. The main thread keeps reading,
 * applying and broadcasting meanwhile.
 *
 * Compactions (folds) come through here too, as transactions of their own.
 *
 * Messages in:  { id, batch, at } | { id, fold } | { close: true }
 * Messages out: { id, ok: true, receipt } | { id, ok: false, message, missingDoc }
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { MissingDocumentError, prepareCommit, prepareFold } from './sqlite-commit.js';

/** @type {{ file: string, synchronous: 'full' | 'normal', commitDelayMs: number, gate?: Int32Array }} */
const options = workerData;
const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker must run in a worker thread');

const db = new Database(options.file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
db.pragma('foreign_keys = ON');
// The main connection (votes, accounts) and the CLI write too; wait for them.
db.pragma('busy_timeout = 5000');
const commit = prepareCommit(db);
const fold = prepareFold(db);
// Tests simulate a slow disk: the delay is spent inside the commit, like a slow fsync.
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Tests only (sqlite-writer.ts, CommitGate): waits while the gate is closed, counted in cell 1
 * so a test knows a commit is held.
 * @param {Int32Array} gate
 */
function passGate(gate) {
  if (Atomics.load(gate, 0) !== 1) return;
  Atomics.add(gate, 1, 1);
  while (Atomics.load(gate, 0) === 1) Atomics.wait(gate, 0, 1);
  Atomics.sub(gate, 1, 1);
}

/** @typedef {{ id: number, batch: import('./sqlite-commit.js').Batch, at: string } | { id: number, fold: import('./sqlite-commit.js').Fold }} Work */

port.on('message', (/** @type {Work | { close: true }} */ msg) => {
  if ('close' in msg) {
    db.close();
    port.close();
    return;
  }
  try {
    if ('fold' in msg) {
      port.postMessage({ id: msg.id, ok: true, receipt: fold(msg.fold) });
      return;
    }
    if (options.gate) passGate(options.gate);
    if (options.commitDelayMs > 0) Atomics.wait(sleeper, 0, 0, options.commitDelayMs);
    const receipt = commit(msg.batch, msg.at);
    port.postMessage({ id: msg.id, ok: true, receipt });
  } catch (err) {
    port.postMessage({
      id: msg.id,
      ok: false,
      message: err instanceof Error ? err.message : String(err),
      missingDoc: err instanceof MissingDocumentError,
    });
  }
});
