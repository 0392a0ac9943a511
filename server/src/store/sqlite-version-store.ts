/** Versions in SQLite: a version, its new wordings and its audit entry in one transaction (no half version after a crash). */
import { StoreError, type NewAuditEntry, type VersionStore } from './types.js';
import type { NewVersion, StoredVersion, StoredWording } from './version-types.js';
import type { SqliteDb } from './sqlite-database.js';
import { toVersion, toWording, type VersionRow, type WordingRow } from './version-rows.js';
const COLUMNS = 'seq, id, doc_id, kind, reason, name, created_at, created_by, audit_seq, state, summary';

export class SqliteVersionStore implements VersionStore {
  private readonly stmt;

  constructor(private readonly db: SqliteDb) {
    this.stmt = {
      docExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM documents WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO versions (id, doc_id, kind, reason, name, created_at, created_by, audit_seq, state, summary, skeleton)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertWording: db.prepare(
        `INSERT OR IGNORE INTO version_wordings (doc_id, hash, block_id, fingerprint, node, editors, first_version, first_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: db.prepare<[string], VersionRow>(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? ORDER BY seq`),
      get: db.prepare<[string, string], VersionRow>(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? AND id = ?`),
      skeleton: db.prepare<[string, string], { skeleton: Buffer }>('SELECT skeleton FROM versions WHERE doc_id = ? AND id = ?'),
      wording: db.prepare<[string, string], { node: string }>('SELECT node FROM version_wordings WHERE doc_id = ? AND hash = ?'),
      hashes: db.prepare<[string], { hash: string }>('SELECT hash FROM version_wordings WHERE doc_id = ?'),
      ofBlock: db.prepare<[string, string], WordingRow>(
        'SELECT * FROM version_wordings WHERE doc_id = ? AND block_id = ? ORDER BY first_seen_at, rowid',
      ),
      deleteVersion: db.prepare("DELETE FROM versions WHERE doc_id = ? AND id = ? AND kind <> 'named'"),
      deleteWording: db.prepare('DELETE FROM version_wordings WHERE doc_id = ? AND hash = ?'),
      audit: db.prepare('INSERT INTO audit_log (doc_id, at, actor_id, action, block_id, details) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  async create(v: NewVersion, audit?: NewAuditEntry): Promise<StoredVersion> {
    return this.db.transaction(() => {
      if (!this.stmt.docExists.get(v.docId)) throw new StoreError('unknown document', 'not_found');
      for (const w of v.wordings)
        this.stmt.insertWording.run(v.docId, w.hash, w.blockId, w.fingerprint, w.node, JSON.stringify(w.editors), v.id, v.createdAt);
      this.stmt.insert.run(
        v.id,
        v.docId,
        v.kind,
        v.reason,
        v.name,
        v.createdAt,
        v.createdBy,
        v.auditSeq,
        JSON.stringify(v.state),
        JSON.stringify(v.summary),
        v.skeleton,
      );
      if (audit) this.stmt.audit.run(audit.docId, audit.at, audit.actorId, audit.action, audit.blockId, JSON.stringify(audit.details));
      return toVersion(this.stmt.get.get(v.docId, v.id)!);
    })();
  }

  async list(docId: string): Promise<StoredVersion[]> {
    return this.stmt.list.all(docId).map(toVersion);
  }

  async get(docId: string, versionId: string): Promise<StoredVersion | undefined> {
    const row = this.stmt.get.get(docId, versionId);
    return row ? toVersion(row) : undefined;
  }

  async skeleton(docId: string, versionId: string): Promise<Uint8Array | undefined> {
    const row = this.stmt.skeleton.get(docId, versionId);
    return row ? new Uint8Array(row.skeleton) : undefined;
  }

  async wordings(docId: string, hashes: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    // One read transaction: the wordings of one version, consistently.
    this.db
      .transaction(() => {
        for (const hash of hashes) {
          const row = this.stmt.wording.get(docId, hash);
          if (row) out.set(hash, row.node);
        }
      })
      .deferred();
    return out;
  }

  async wordingHashes(docId: string): Promise<Set<string>> {
    return new Set(this.stmt.hashes.all(docId).map((r) => r.hash));
  }

  async blockWordings(docId: string, blockId: string): Promise<StoredWording[]> {
    return this.stmt.ofBlock.all(docId, blockId).map(toWording);
  }

  async prune(
    docId: string,
    versionIds: readonly string[],
    keepHashes: ReadonlySet<string>,
  ): Promise<{ versions: number; wordings: number }> {
    return this.db.transaction(() => {
      let versions = 0;
      for (const id of versionIds) versions += this.stmt.deleteVersion.run(docId, id).changes;
      let wordings = 0;
      for (const { hash } of this.stmt.hashes.all(docId))
        if (!keepHashes.has(hash)) wordings += this.stmt.deleteWording.run(docId, hash).changes;
      return { versions, wordings };
    })();
  }
}
