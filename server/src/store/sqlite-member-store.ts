import type { Member, MemberStore, NewAuditEntry, Role } from './types.js';
import { StoreError } from './types.js';
import type { SqliteDb } from './sqlite-database.js';
import type { SqliteAuditWriter } from './sqlite-audit-writer.js';

interface MemberRow {
  doc_id: string;
  user_id: string;
  role: Role;
  added_at: string;
}
const toMember = (r: MemberRow): Member => ({ docId: r.doc_id, userId: r.user_id, role: r.role, addedAt: r.added_at });

export class SqliteMemberStore implements MemberStore {
  private readonly stmt;

  constructor(
    db: SqliteDb,
    private readonly audit: SqliteAuditWriter,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stmt = {
      upsert: db.prepare(
        'INSERT INTO members (doc_id, user_id, role, added_at) VALUES (?, ?, ?, ?) ON CONFLICT(doc_id, user_id) DO UPDATE SET role = excluded.role',
      ),
      get: db.prepare<[string, string], MemberRow>('SELECT * FROM members WHERE doc_id = ? AND user_id = ?'),
      remove: db.prepare('DELETE FROM members WHERE doc_id = ? AND user_id = ?'),
      list: db.prepare<[string], MemberRow>('SELECT * FROM members WHERE doc_id = ? ORDER BY added_at, user_id'),
      docsOf: db.prepare<[string], { doc_id: string }>('SELECT doc_id FROM members WHERE user_id = ?'),
    };
  }

  async setMember(docId: string, userId: string, role: Role, audit?: NewAuditEntry): Promise<Member> {
    try {
      this.audit.withAudit(audit, () => this.stmt.upsert.run(docId, userId, role, this.now().toISOString()));
    } catch (err) {
      if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT'))
        throw new StoreError('unknown document, user or role', 'not_found');
      throw err;
    }
    return toMember(this.stmt.get.get(docId, userId)!);
  }

  async removeMember(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.audit.withAudit(
      audit,
      () => this.stmt.remove.run(docId, userId).changes > 0,
      (removed) => removed,
    );
  }

  async listMembers(docId: string): Promise<Member[]> {
    return this.stmt.list.all(docId).map(toMember);
  }

  async roleOf(docId: string, userId: string): Promise<Role | undefined> {
    return this.stmt.get.get(docId, userId)?.role;
  }

  async docIdsOf(userId: string): Promise<string[]> {
    return this.stmt.docsOf.all(userId).map((r) => r.doc_id);
  }
}
