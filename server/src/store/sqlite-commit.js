// @ts-check
/**
 * The one SQL path that appends to document logs and folds them into
 * snapshots. Plain JavaScript (type-checked through JSDoc) because it also runs
 * inside the writer's worker thread, which loads it with Node's own loader
 * under tsx, vitest and the built bundle alike.
 */

/** @typedef {import('better-sqlite3').Database} Db */
/** @typedef {{ updates: { docId: string, update: Uint8Array }[], snapshots: { docId: string, snapshot: Uint8Array }[], claims?: { docId: string, clientId: number, userId: string }[] }} Batch */

/** @typedef {{ seqs: number[], snapshotGens: Map<string, number> }} Receipt */

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
  const maxSeq = db.prepare('SELECT MAX(seq) FROM doc_updates WHERE doc_id = ?').pluck();
  const snapshotUpto = db.prepare('SELECT upto_seq FROM doc_snapshots WHERE doc_id = ?').pluck();
  const upsertSnapshot = db.prepare(
    'INSERT INTO doc_snapshots (doc_id, snapshot, upto_seq) VALUES (?, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET snapshot = excluded.snapshot, upto_seq = excluded.upto_seq',
  );
  const dropUpdatesUpTo = db.prepare('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?');
  const touch = db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?');
  // The first account to write under a client id keeps it.
  const claim = db.prepare('INSERT OR IGNORE INTO doc_client_owners (doc_id, client_id, user_id) VALUES (?, ?, ?)');
  const transaction = db.transaction((/** @type {Batch} */ batch, /** @type {string} */ at) => {
    /** @type {Set<string>} */
    const touched = new Set();
    /** @type {Receipt} */
    const receipt = { seqs: [], snapshotGens: new Map() };
    for (const { docId, update } of batch.updates) {
      if (!touched.has(docId) && !exists.get(docId)) throw new MissingDocumentError(docId);
      receipt.seqs.push(Number(insertUpdate.run(docId, update).lastInsertRowid));
      touched.add(docId);
    }
    for (const { docId, clientId, userId } of batch.claims ?? []) {
      if (!touched.has(docId) && !exists.get(docId)) throw new MissingDocumentError(docId);
      claim.run(docId, clientId, userId);
    }
    for (const { docId, snapshot } of batch.snapshots) {
      if (!exists.get(docId)) throw new MissingDocumentError(docId);
      const upto = maxSeq.get(docId) ?? snapshotUpto.get(docId) ?? 0;
      // One writer per database (the data-dir lock): everything logged is in the snapshot.
      upsertSnapshot.run(docId, snapshot, upto);
      dropUpdatesUpTo.run(docId, upto);
      // upto_seq identifies the snapshot here (StoredDocState.snapshotGen).
      receipt.snapshotGens.set(docId, Number(upto));
    }
    for (const docId of touched) touch.run(at, docId);
    return receipt;
  });
  // BEGIN IMMEDIATE: take the write lock first (waiting for other writers through
  // busy_timeout). A deferred transaction that reads and then writes fails at once
  // with SQLITE_BUSY when another connection committed in between.
  return (batch, at) => /** @type {Receipt} */ (transaction.immediate(batch, at));
}
