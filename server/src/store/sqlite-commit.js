// @ts-check
/**
 * The one SQL path that appends to document logs, and the one that folds them
 * into snapshots (each its own transaction: a fold never holds up a commit's
 * acknowledgement longer than it takes SQLite's one writer to run it). Plain JavaScript (type-checked through JSDoc) because it also runs
 * inside the writer's worker thread, which loads it with Node's own loader
 * under tsx, vitest and the built bundle alike.
 */

/** @typedef {import('better-sqlite3').Database} Db */
/** @typedef {{ updates: { docId: string, update: Uint8Array }[], claims?: { docId: string, clientId: number, userId: string }[] }} Batch */

/** @typedef {{ seqs: number[] }} Receipt */

/** @typedef {{ docId: string, snapshot: Uint8Array, base: { snapshotGen: number, uptoSeq: number, seqs: readonly number[] } }} Fold */

/** @typedef {{ snapshotGen: number, merged: boolean }} FoldReceipt */

/** Thrown for updates of a document that no longer exists; the caller maps it to StoreError('not_found'). */
export class MissingDocumentError extends Error {
  /** @param {string} docId */
  constructor(docId) {
    super(`document ${docId} not found`);
    this.name = 'MissingDocumentError';
    this.docId = docId;
  }
}

/**
 * Prepares the statements once per connection and returns the commit function:
 * one transaction per batch, in the order given (the order the updates were applied).
 * @param {Db} db
 * @returns {(batch: Batch, at: string) => Receipt}
 */
export function prepareCommit(db) {
  const exists = db.prepare('SELECT 1 FROM documents WHERE id = ?').pluck();
  const insertUpdate = db.prepare('INSERT INTO doc_updates (doc_id, update_bytes) VALUES (?, ?)');
  const touch = db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?');
  // The first account to write under a client id keeps it.
  const claim = db.prepare('INSERT OR IGNORE INTO doc_client_owners (doc_id, client_id, user_id) VALUES (?, ?, ?)');
  const transaction = db.transaction((/** @type {Batch} */ batch, /** @type {string} */ at) => {
    /** @type {Set<string>} */
    const touched = new Set();
    /** @type {Receipt} */
    const receipt = { seqs: [] };
    for (const { docId, update } of batch.updates) {
      if (!touched.has(docId) && !exists.get(docId)) throw new MissingDocumentError(docId);
      receipt.seqs.push(Number(insertUpdate.run(docId, update).lastInsertRowid));
      touched.add(docId);
    }
    for (const { docId, clientId, userId } of batch.claims ?? []) {
      if (!touched.has(docId) && !exists.get(docId)) throw new MissingDocumentError(docId);
      claim.run(docId, clientId, userId);
    }
    for (const docId of touched) touch.run(at, docId);
    return receipt;
  });
  // BEGIN IMMEDIATE: take the write lock first (waiting for other writers through
  // busy_timeout). A deferred transaction that reads and then writes fails at once
  // with SQLITE_BUSY when another connection committed in between.
  return (batch, at) => /** @type {Receipt} */ (transaction.immediate(batch, at));
}

/**
 * Prepares the fold: stores a snapshot and deletes the updates it holds, in one
 * transaction. One writer per database (the data-dir lock), so every update up to
 * the highest seq the snapshot's copy names is in it; those committed after the
 * snapshot was taken have higher seqs and stay logged (loading reads the updates
 * after upto_seq). upto_seq identifies the snapshot here (StoredDocState.snapshotGen).
 * @param {Db} db
 * @returns {(fold: Fold) => FoldReceipt}
 */
export function prepareFold(db) {
  const exists = db.prepare('SELECT 1 FROM documents WHERE id = ?').pluck();
  const snapshotUpto = db.prepare('SELECT upto_seq FROM doc_snapshots WHERE doc_id = ?').pluck();
  const upsertSnapshot = db.prepare(
    'INSERT INTO doc_snapshots (doc_id, snapshot, upto_seq) VALUES (?, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET snapshot = excluded.snapshot, upto_seq = excluded.upto_seq',
  );
  const dropUpdatesUpTo = db.prepare('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?');
  const transaction = db.transaction((/** @type {Fold} */ { docId, snapshot, base }) => {
    if (!exists.get(docId)) throw new MissingDocumentError(docId);
    const upto = base.seqs.reduce((max, seq) => Math.max(max, seq), base.uptoSeq);
    const stored = Number(snapshotUpto.get(docId) ?? 0);
    // A copy older than the stored snapshot (a room dropped while its fold waited):
    // the stored one already holds everything up to its upto_seq, this one no more.
    if (stored > 0 && stored >= upto) return { snapshotGen: stored, merged: true };
    upsertSnapshot.run(docId, snapshot, upto);
    dropUpdatesUpTo.run(docId, upto);
    return { snapshotGen: upto, merged: false };
  });
  return (fold) => /** @type {FoldReceipt} */ (transaction.immediate(fold));
}
