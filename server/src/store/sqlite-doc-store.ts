import type { CommitBatch, CommitReceipt, DocMeta, DocStore, FoldReceipt, FoldRecord, NewAuditEntry, StoredDocState } from './types.js';
import { StoreError } from './types.js';
import type { SqliteDb } from './sqlite-database.js';
import { MissingDocumentError, prepareCommit, prepareFold } from './sqlite-commit.js';
import type { SqliteWriter } from './sqlite-writer.js';
import type { SqliteAuditWriter } from './sqlite-audit-writer.js';
import { bytesView } from './bytes-view.js';

interface DocRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

const toMeta = (r: DocRow): DocMeta => ({
  id: r.id,
  title: r.title,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  createdBy: r.created_by,
});

/**
 * DocStore on SQLite: an append-only update log per document plus one snapshot.
 * Commits run on this connection, or, given a writer, in the writer's worker
 * thread so that the event loop does not wait for the fsync.
 */
export class SqliteDocStore implements DocStore {
  private readonly stmt;
  private readonly commitInline: ReturnType<typeof prepareCommit>;
  private readonly foldInline: ReturnType<typeof prepareFold>;

  constructor(
    private readonly db: SqliteDb,
    private readonly audit: SqliteAuditWriter,
    private readonly now: () => Date = () => new Date(),
    private readonly writer?: SqliteWriter,
  ) {
    this.commitInline = prepareCommit(db);
    this.foldInline = prepareFold(db);
    this.stmt = {
      insertDoc: db.prepare('INSERT INTO documents (id, title, created_at, updated_at, created_by) VALUES (?, ?, ?, ?, ?)'),
      getDoc: db.prepare<[string], DocRow>('SELECT * FROM documents WHERE id = ?'),
      listDocs: db.prepare<[], DocRow>('SELECT * FROM documents ORDER BY updated_at DESC, id'),
      rename: db.prepare('UPDATE documents SET title = ?, updated_at = ? WHERE id = ?'),
      deleteDoc: db.prepare('DELETE FROM documents WHERE id = ?'),
      // The audit log has no foreign key to documents (a deletion's own entry outlives the document).
      deleteAudit: db.prepare('DELETE FROM audit_log WHERE doc_id = ?'),
      insertUpdate: db.prepare('INSERT INTO doc_updates (doc_id, update_bytes) VALUES (?, ?)'),
      updates: db.prepare<[string, number], { seq: number; update_bytes: Buffer }>(
        'SELECT seq, update_bytes FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq',
      ),
      snapshot: db.prepare<[string], { snapshot: Buffer; upto_seq: number }>(
        'SELECT snapshot, upto_seq FROM doc_snapshots WHERE doc_id = ?',
      ),
      clientOwners: db.prepare<[string], { client_id: number; user_id: string }>(
        'SELECT client_id, user_id FROM doc_client_owners WHERE doc_id = ?',
      ),
      logLength: db.prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE doc_id = ? AND seq > ?'),
    };
  }

  async createDoc(
    input: { id: string; title: string; createdBy?: string | null; initialUpdate?: Uint8Array },
    audit?: NewAuditEntry,
  ): Promise<DocMeta> {
    const at = this.now().toISOString();
    try {
      this.audit.withAudit(audit, () => {
        this.stmt.insertDoc.run(input.id, input.title, at, at, input.createdBy ?? null);
        if (input.initialUpdate) this.stmt.insertUpdate.run(input.id, input.initialUpdate);
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        throw new StoreError(`document ${input.id} exists`, 'conflict');
      throw err;
    }
    return toMeta(this.stmt.getDoc.get(input.id)!);
  }

  async getDoc(id: string): Promise<DocMeta | undefined> {
    const row = this.stmt.getDoc.get(id);
    return row ? toMeta(row) : undefined;
  }

  async listDocs(filter?: { ids?: readonly string[] }): Promise<DocMeta[]> {
    const wanted = filter?.ids ? new Set(filter.ids) : undefined;
    return this.stmt.listDocs
      .all()
      .filter((r) => !wanted || wanted.has(r.id))
      .map(toMeta);
  }

  async renameDoc(id: string, title: string, audit?: NewAuditEntry): Promise<DocMeta | undefined> {
    const changed = this.audit.withAudit(
      audit,
      () => this.stmt.rename.run(title, this.now().toISOString(), id).changes,
      (n) => n > 0,
    );
    return changed ? this.getDoc(id) : undefined;
  }

  async deleteDoc(id: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.audit.withAudit(
      audit,
      () => {
        const deleted = this.stmt.deleteDoc.run(id).changes > 0;
        if (deleted) this.stmt.deleteAudit.run(id);
        return deleted;
      },
      (deleted) => deleted,
    );
  }

  async loadDocState(id: string): Promise<StoredDocState | undefined> {
    // One read transaction so the snapshot and the log are a consistent pair
    // (deferred: it only reads, so it need not wait for a writer).
    return this.db
      .transaction(() => {
        if (!this.stmt.getDoc.get(id)) return undefined;
        const snap = this.stmt.snapshot.get(id);
        const after = snap?.upto_seq ?? 0;
        const rows = this.stmt.updates.all(id, after);
        return {
          snapshot: snap ? bytesView(snap.snapshot) : null,
          updates: rows.map((r) => bytesView(r.update_bytes)),
          lastSeq: rows.length ? rows[rows.length - 1]!.seq : after,
          snapshotGen: after,
          clientOwners: new Map(this.stmt.clientOwners.all(id).map((r) => [r.client_id, r.user_id])),
        };
      })
      .deferred();
  }

  async commit(batch: CommitBatch): Promise<CommitReceipt> {
    const at = this.now().toISOString();
    if (this.writer) return this.writer.commit(batch, at);
    try {
      return this.commitInline(batch, at);
    } catch (err) {
      if (err instanceof MissingDocumentError) throw new StoreError(err.message, 'not_found');
      throw err;
    }
  }

  async foldLog(record: FoldRecord): Promise<FoldReceipt> {
    // Through the writer when there is one: in turn with the commits, off the event loop.
    if (this.writer) return this.writer.fold(record);
    try {
      return this.foldInline(record);
    } catch (err) {
      if (err instanceof MissingDocumentError) throw new StoreError(err.message, 'not_found');
      throw err;
    }
  }

  async logLength(id: string): Promise<number> {
    const after = this.stmt.snapshot.get(id)?.upto_seq ?? 0;
    return this.stmt.logLength.get(id, after)?.n ?? 0;
  }

  async close(): Promise<void> {
    // The database handle is owned by whoever opened it (see openStores).
  }
}
