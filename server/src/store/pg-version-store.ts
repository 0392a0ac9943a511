/** Versions on PostgreSQL: a version, its new wordings and its audit entry in one transaction (no half version after a crash). */
import { StoreError, type NewAuditEntry, type VersionStore } from './types.js';
import type { NewVersion, StoredVersion, StoredWording } from './version-types.js';
import { insertAudit, PG_FOREIGN_KEY_VIOLATION, pgCode, toBytea, type PgSql } from './pg-database.js';
import { toVersion, toWording, type VersionRow, type WordingRow } from './version-rows.js';

export class PgVersionStore implements VersionStore {
  constructor(private readonly sql: PgSql) {}

  async create(v: NewVersion, audit?: NewAuditEntry): Promise<StoredVersion> {
    try {
      return await this.sql.begin(async (tx) => {
        for (const w of v.wordings)
          await tx`
            INSERT INTO version_wordings (doc_id, hash, block_id, fingerprint, node, editors, first_version, first_seen_at)
            VALUES (${v.docId}, ${w.hash}, ${w.blockId}, ${w.fingerprint}, ${w.node}, ${JSON.stringify(w.editors)}, ${v.id}, ${v.createdAt})
            ON CONFLICT (doc_id, hash) DO NOTHING`;
        const [row] = await tx<VersionRow[]>`
          INSERT INTO versions (id, doc_id, kind, reason, name, created_at, created_by, audit_seq, state, summary, skeleton)
          VALUES (${v.id}, ${v.docId}, ${v.kind}, ${v.reason}, ${v.name}, ${v.createdAt}, ${v.createdBy}, ${v.auditSeq},
                  ${JSON.stringify(v.state)}, ${JSON.stringify(v.summary)}, ${toBytea(v.skeleton)})
          RETURNING seq, id, doc_id, kind, reason, name, created_at, created_by, audit_seq, state, summary`;
        if (audit) await insertAudit(tx, audit);
        return toVersion(row!);
      });
    } catch (err) {
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError('unknown document', 'not_found');
      throw err;
    }
  }

  async list(docId: string): Promise<StoredVersion[]> {
    const rows = await this.sql<VersionRow[]>`
      SELECT seq, id, doc_id, kind, reason, name, created_at, created_by, audit_seq, state, summary
      FROM versions WHERE doc_id = ${docId} ORDER BY seq`;
    return rows.map(toVersion);
  }

  async get(docId: string, versionId: string): Promise<StoredVersion | undefined> {
    const [row] = await this.sql<VersionRow[]>`
      SELECT seq, id, doc_id, kind, reason, name, created_at, created_by, audit_seq, state, summary
      FROM versions WHERE doc_id = ${docId} AND id = ${versionId}`;
    return row ? toVersion(row) : undefined;
  }

  async skeleton(docId: string, versionId: string): Promise<Uint8Array | undefined> {
    const [row] = await this.sql<{ skeleton: Buffer }[]>`SELECT skeleton FROM versions WHERE doc_id = ${docId} AND id = ${versionId}`;
    return row ? new Uint8Array(row.skeleton) : undefined;
  }

  async wordings(docId: string, hashes: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (hashes.length === 0) return out;
    const rows = await this.sql<{ hash: string; node: string }[]>`
      SELECT hash, node FROM version_wordings WHERE doc_id = ${docId} AND hash IN ${this.sql([...new Set(hashes)])}`;
    const byHash = new Map(rows.map((r) => [r.hash, r.node]));
    for (const hash of hashes) if (byHash.has(hash)) out.set(hash, byHash.get(hash)!);
    return out;
  }

  async wordingHashes(docId: string): Promise<Set<string>> {
    return new Set((await this.sql<{ hash: string }[]>`SELECT hash FROM version_wordings WHERE doc_id = ${docId}`).map((r) => r.hash));
  }

  async blockWordings(docId: string, blockId: string): Promise<StoredWording[]> {
    const rows = await this.sql<WordingRow[]>`
      SELECT * FROM version_wordings WHERE doc_id = ${docId} AND block_id = ${blockId} ORDER BY first_seen_at COLLATE "C", seq`;
    return rows.map(toWording);
  }

  async prune(
    docId: string,
    versionIds: readonly string[],
    keepHashes: ReadonlySet<string>,
  ): Promise<{ versions: number; wordings: number }> {
    return this.sql.begin(async (tx) => {
      const versions =
        versionIds.length === 0
          ? 0
          : (await tx`DELETE FROM versions WHERE doc_id = ${docId} AND id IN ${tx([...versionIds])} AND kind <> 'named'`).count;
      const keep = [...keepHashes];
      const wordings = (
        await tx`DELETE FROM version_wordings WHERE doc_id = ${docId}
                 ${keep.length > 0 ? tx`AND hash NOT IN ${tx(keep)}` : tx``}`
      ).count;
      return { versions, wordings };
    });
  }
}
