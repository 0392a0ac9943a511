/**
 * DocStore on PostgreSQL: an update log per document plus one snapshot, like
 * SQLite's, but written by any number of server processes at once.
 *
 * - Per document, log order is commit order: a commit first locks its documents'
 *   rows (in id order, so two commits never deadlock) and only then takes
 *   sequence numbers. So a load that saw seq N has every update up to N, and
 *   anything committed after it gets a higher seq (StoredDocState.lastSeq).
 * - Compaction deletes only the updates the compacting copy says it folded
 *   (FoldRecord.base) — never another process's later ones — and merges a
 *   snapshot another process wrote since into its own instead of replacing it.
 * - Compaction runs in a transaction of its own that never takes the document's
 *   row lock, so commits of the document go on while a 1 MB snapshot is written.
 *   Folds of one document queue behind a transaction-scoped advisory lock.
 */
import * as Y from 'yjs';
import type { CommitBatch, CommitReceipt, DocMeta, DocStore, FoldReceipt, FoldRecord, NewAuditEntry, StoredDocState } from './types.js';
import { StoreError } from './types.js';
import { insertAudit, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgCode, toBytea, type PgSql } from './pg-database.js';
import { bytesView } from './bytes-view.js';

/** The first half of the fold lock's key (the second: the document id's hash); apart from the job locks' (pg-job-locks.ts). */
const FOLD_LOCK_SPACE = 0x666f6c64; // 'fold'
const DELETE_SLICE = 10_000;

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

export class PgDocStore implements DocStore {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createDoc(
    input: { id: string; title: string; createdBy?: string | null; initialUpdate?: Uint8Array },
    audit?: NewAuditEntry,
  ): Promise<DocMeta> {
    const at = this.now().toISOString();
    try {
      const row = await this.sql.begin(async (tx) => {
        const [doc] = await tx<DocRow[]>`
          INSERT INTO documents (id, title, created_at, updated_at, created_by)
          VALUES (${input.id}, ${input.title}, ${at}, ${at}, ${input.createdBy ?? null}) RETURNING *`;
        if (input.initialUpdate)
          await tx`INSERT INTO doc_updates (doc_id, update_bytes) VALUES (${input.id}, ${toBytea(input.initialUpdate)})`;
        if (audit) await insertAudit(tx, audit);
        return doc!;
      });
      return toMeta(row);
    } catch (err) {
      if (pgCode(err) === PG_UNIQUE_VIOLATION) throw new StoreError(`document ${input.id} exists`, 'conflict');
      throw err;
    }
  }

  async getDoc(id: string): Promise<DocMeta | undefined> {
    const [row] = await this.sql<DocRow[]>`SELECT * FROM documents WHERE id = ${id}`;
    return row ? toMeta(row) : undefined;
  }

  async listDocs(filter?: { ids?: readonly string[] }): Promise<DocMeta[]> {
    if (filter?.ids && filter.ids.length === 0) return [];
    const rows = filter?.ids
      ? await this.sql<DocRow[]>`SELECT * FROM documents WHERE id IN ${this.sql([...filter.ids])}
          ORDER BY updated_at COLLATE "C" DESC, id COLLATE "C"`
      : await this.sql<DocRow[]>`SELECT * FROM documents ORDER BY updated_at COLLATE "C" DESC, id COLLATE "C"`;
    return rows.map(toMeta);
  }

  async renameDoc(id: string, title: string, audit?: NewAuditEntry): Promise<DocMeta | undefined> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<DocRow[]>`
        UPDATE documents SET title = ${title}, updated_at = ${this.now().toISOString()} WHERE id = ${id} RETURNING *`;
      if (!row) return undefined;
      if (audit) await insertAudit(tx, audit);
      return toMeta(row);
    });
  }

  async deleteDoc(id: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const result = await tx`DELETE FROM documents WHERE id = ${id}`;
      if (result.count === 0) return false;
      // The audit log has no foreign key to documents (a deletion's own entry outlives the document).
      await tx`DELETE FROM audit_log WHERE doc_id = ${id}`;
      if (audit) await insertAudit(tx, audit);
      return true;
    });
  }

  async loadDocState(id: string): Promise<StoredDocState | undefined> {
    // One snapshot of the database, so the stored snapshot and the log are a consistent pair.
    return this.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
      const [doc] = await tx`SELECT 1 FROM documents WHERE id = ${id}`;
      if (!doc) return undefined;
      const [snap] = await tx<{ snapshot: Buffer; upto_seq: number; gen: number }[]>`
        SELECT snapshot, upto_seq, gen FROM doc_snapshots WHERE doc_id = ${id}`;
      // Every update still logged: one folded by no snapshot may be older than upto_seq.
      const rows = await tx<{ seq: number; update_bytes: Buffer }[]>`
        SELECT seq, update_bytes FROM doc_updates WHERE doc_id = ${id} ORDER BY seq`;
      const owners = await tx<{ client_id: number; user_id: string }[]>`
        SELECT client_id, user_id FROM doc_client_owners WHERE doc_id = ${id}`;
      return {
        snapshot: snap ? bytesView(snap.snapshot) : null,
        updates: rows.map((r) => bytesView(r.update_bytes)),
        lastSeq: Math.max(snap?.upto_seq ?? 0, rows.at(-1)?.seq ?? 0),
        snapshotGen: snap?.gen ?? 0,
        clientOwners: new Map(owners.map((r) => [r.client_id, r.user_id])),
      };
    });
  }

  async commit(batch: CommitBatch): Promise<CommitReceipt> {
    const at = this.now().toISOString();
    const claims = batch.claims ?? [];
    const docIds = [...new Set([...batch.updates, ...claims].map((r) => r.docId))].sort();
    const receipt: CommitReceipt = { seqs: [] };
    if (docIds.length === 0) return receipt;
    try {
      await this.sql.begin(async (tx) => {
        // Lock first, in a fixed order: seqs per document then follow commit order.
        const locked = await tx<{ id: string }[]>`
          SELECT id FROM documents WHERE id IN ${tx(docIds)} ORDER BY id COLLATE "C" FOR NO KEY UPDATE`;
        if (locked.length !== docIds.length) {
          const found = new Set(locked.map((r) => r.id));
          throw new StoreError(`document ${docIds.find((id) => !found.has(id))} not found`, 'not_found');
        }
        // Issued together: postgres.js pipelines them on the transaction's connection, in order.
        const inserted = await Promise.all(
          batch.updates.map(
            ({ docId, update }) =>
              tx<{ seq: number }[]>`INSERT INTO doc_updates (doc_id, update_bytes) VALUES (${docId}, ${toBytea(update)}) RETURNING seq`,
          ),
        );
        receipt.seqs = inserted.map(([row]) => row!.seq);
        await Promise.all(
          claims.map(
            (c) => tx`INSERT INTO doc_client_owners (doc_id, client_id, user_id) VALUES (${c.docId}, ${c.clientId}, ${c.userId})
                      ON CONFLICT (doc_id, client_id) DO NOTHING`,
          ),
        );
        const touched = [...new Set(batch.updates.map((u) => u.docId))];
        if (touched.length > 0) await tx`UPDATE documents SET updated_at = ${at} WHERE id IN ${tx(touched)}`;
      });
    } catch (err) {
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError('document not found', 'not_found');
      throw err;
    }
    return receipt;
  }

  /**
   * Writes the snapshot and deletes the updates it folds. Takes no row lock of the
   * document (the snapshot row's foreign key takes a key-share lock, which commits'
   * no-key-update locks do not conflict with), so commits go on meanwhile; folds of
   * the document wait for each other on the advisory lock, so each sees the
   * generation the previous one wrote.
   */
  async foldLog({ docId, snapshot, base }: FoldRecord): Promise<FoldReceipt> {
    try {
      return await this.sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(${FOLD_LOCK_SPACE}, hashtext(${docId}))`;
        const [current] = await tx<{ snapshot: Buffer; upto_seq: number; gen: number }[]>`
          SELECT snapshot, upto_seq, gen FROM doc_snapshots WHERE doc_id = ${docId}`;
        // Everything committed up to here is in the snapshot or still logged: a load's lastSeq.
        const [last] = await tx<{ max: number | null }[]>`SELECT MAX(seq) AS max FROM doc_updates WHERE doc_id = ${docId}`;
        const upto = Math.max(last?.max ?? 0, current?.upto_seq ?? 0);
        const gen = (current?.gen ?? 0) + 1;
        // Another process folded since this copy's base: what it folded (and deleted)
        // is only in the stored snapshot. Merging keeps both; Yjs merges are idempotent.
        const merged = current !== undefined && current.gen !== base.snapshotGen;
        const stored = merged ? Y.mergeUpdates([current.snapshot, snapshot]) : snapshot;
        await tx`
          INSERT INTO doc_snapshots (doc_id, snapshot, upto_seq, gen) VALUES (${docId}, ${toBytea(stored)}, ${upto}, ${gen})
          ON CONFLICT (doc_id) DO UPDATE SET snapshot = excluded.snapshot, upto_seq = excluded.upto_seq, gen = excluded.gen`;
        // Only what the copy holds: a later commit, or another process's update it never applied, stays.
        await tx`DELETE FROM doc_updates WHERE doc_id = ${docId} AND seq <= ${base.uptoSeq}`;
        // In slices: a statement takes at most 65,535 parameters (a copy that failed to fold for long names many).
        for (let i = 0; i < base.seqs.length; i += DELETE_SLICE)
          await tx`DELETE FROM doc_updates WHERE doc_id = ${docId} AND seq IN ${tx(base.seqs.slice(i, i + DELETE_SLICE))}`;
        return { snapshotGen: gen, merged };
      });
    } catch (err) {
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError(`document ${docId} not found`, 'not_found');
      throw err;
    }
  }

  async logLength(id: string): Promise<number> {
    const [row] = await this.sql<{ n: number }[]>`SELECT COUNT(*) AS n FROM doc_updates WHERE doc_id = ${id}`;
    return row?.n ?? 0;
  }

  async close(): Promise<void> {
    // The pool is owned by whoever opened it (see openPgStores).
  }
}
