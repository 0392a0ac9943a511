/** Document members on PostgreSQL; a change and its audit entry in one transaction. */
import type { Member, MemberStore, NewAuditEntry, Role } from './types.js';
import { StoreError } from './types.js';
import { insertAudit, PG_FOREIGN_KEY_VIOLATION, pgCode, type PgSql } from './pg-database.js';

interface MemberRow {
  doc_id: string;
  user_id: string;
  role: Role;
  added_at: string;
}
const toMember = (r: MemberRow): Member => ({ docId: r.doc_id, userId: r.user_id, role: r.role, addedAt: r.added_at });

export class PgMemberStore implements MemberStore {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async setMember(docId: string, userId: string, role: Role, audit?: NewAuditEntry): Promise<Member> {
    try {
      return await this.sql.begin(async (tx) => {
        const [row] = await tx<MemberRow[]>`
          INSERT INTO members (doc_id, user_id, role, added_at) VALUES (${docId}, ${userId}, ${role}, ${this.now().toISOString()})
          ON CONFLICT (doc_id, user_id) DO UPDATE SET role = excluded.role RETURNING *`;
        if (audit) await insertAudit(tx, audit);
        return toMember(row!);
      });
    } catch (err) {
      // A foreign key (unknown document or user) or the role's CHECK.
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION || pgCode(err) === '23514')
        throw new StoreError('unknown document, user or role', 'not_found');
      throw err;
    }
  }

  async removeMember(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const removed = (await tx`DELETE FROM members WHERE doc_id = ${docId} AND user_id = ${userId}`).count > 0;
      if (removed && audit) await insertAudit(tx, audit);
      return removed;
    });
  }

  async listMembers(docId: string): Promise<Member[]> {
    const rows = await this.sql<MemberRow[]>`
      SELECT * FROM members WHERE doc_id = ${docId} ORDER BY added_at COLLATE "C", user_id COLLATE "C"`;
    return rows.map(toMember);
  }

  async roleOf(docId: string, userId: string): Promise<Role | undefined> {
    const [row] = await this.sql<MemberRow[]>`SELECT role FROM members WHERE doc_id = ${docId} AND user_id = ${userId}`;
    return row?.role;
  }

  async docIdsOf(userId: string): Promise<string[]> {
    return (await this.sql<{ doc_id: string }[]>`SELECT doc_id FROM members WHERE user_id = ${userId}`).map((r) => r.doc_id);
  }
}
