/** Document members and invitations on PostgreSQL; a change and its audit entry in one transaction. */
import type { FoundInvitation, Invitation, Member, MemberInvitation, MemberStore, NewAuditEntry, Role } from './types.js';
import { StoreError } from './types.js';
import { insertAudit, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgCode, type PgSql } from './pg-database.js';
import { emailKey, toInvitation, toMember, type InvitationRow, type MemberRow } from './member-rows.js';
import type { StoredMail } from './mail-types.js';
import { insertMail } from './pg-mail-store.js';

/** A foreign key (unknown document or user) or the role's CHECK. */
const isUnknownReference = (err: unknown) => pgCode(err) === PG_FOREIGN_KEY_VIOLATION || pgCode(err) === '23514';

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
      if (isUnknownReference(err)) throw new StoreError('unknown document, user or role', 'not_found');
      throw err;
    }
  }

  async inviteMember(
    docId: string,
    userId: string,
    role: Role,
    invitation: MemberInvitation,
    audit?: NewAuditEntry,
    mail?: StoredMail,
  ): Promise<Member> {
    try {
      return await this.sql.begin(async (tx) => {
        const [row] = await tx<MemberRow[]>`
          INSERT INTO members (doc_id, user_id, role, added_at, invitation_id, invited_email)
          VALUES (${docId}, ${userId}, ${role}, ${this.now().toISOString()}, ${invitation.id}, ${invitation.email}) RETURNING *`;
        if (audit) await insertAudit(tx, audit);
        if (mail) await insertMail(tx, mail);
        return toMember(row!);
      });
    } catch (err) {
      if (pgCode(err) === PG_UNIQUE_VIOLATION) throw new StoreError('already a member of this document', 'conflict');
      if (isUnknownReference(err)) throw new StoreError('unknown document, user or role', 'not_found');
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

  async getMember(docId: string, userId: string): Promise<Member | undefined> {
    const [row] = await this.sql<MemberRow[]>`SELECT * FROM members WHERE doc_id = ${docId} AND user_id = ${userId}`;
    return row && toMember(row);
  }

  async roleOf(docId: string, userId: string): Promise<Role | undefined> {
    const [row] = await this.sql<MemberRow[]>`SELECT role FROM members WHERE doc_id = ${docId} AND user_id = ${userId}`;
    return row?.role;
  }

  async docIdsOf(userId: string): Promise<string[]> {
    return (await this.sql<{ doc_id: string }[]>`SELECT doc_id FROM members WHERE user_id = ${userId}`).map((r) => r.doc_id);
  }

  async acceptInvitation(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const accepted =
        (
          await tx`UPDATE members SET invitation_id = NULL, invited_email = NULL
                   WHERE doc_id = ${docId} AND user_id = ${userId} AND invitation_id IS NOT NULL`
        ).count > 0;
      if (accepted && audit) await insertAudit(tx, audit);
      return accepted;
    });
  }

  async putInvitation(invitation: Invitation, audit?: NewAuditEntry, mail?: StoredMail): Promise<Invitation> {
    const { id, docId, email, role, invitedAt } = invitation;
    try {
      return await this.sql.begin(async (tx) => {
        const [row] = await tx<InvitationRow[]>`
          INSERT INTO invitations (id, doc_id, email, email_key, role, invited_at)
          VALUES (${id}, ${docId}, ${email}, ${emailKey(email)}, ${role}, ${invitedAt})
          ON CONFLICT (doc_id, email_key) DO UPDATE SET role = excluded.role WHERE invitations.id = excluded.id RETURNING *`;
        // No row: another invitation of this email is there (committed, as ON CONFLICT waited for it); it stays as it is.
        if (!row) {
          const [kept] = await tx<InvitationRow[]>`SELECT * FROM invitations WHERE doc_id = ${docId} AND email_key = ${emailKey(email)}`;
          // Revoked in between: a conflict, which the service answers by inviting again.
          if (!kept) throw new StoreError('the invitation of this email changed meanwhile', 'conflict');
          return toInvitation(kept);
        }
        if (audit) await insertAudit(tx, audit);
        if (mail) await insertMail(tx, mail);
        return toInvitation(row);
      });
    } catch (err) {
      if (isUnknownReference(err)) throw new StoreError('unknown document or role', 'not_found');
      throw err;
    }
  }

  async listInvitations(docId: string): Promise<Invitation[]> {
    const rows = await this.sql<InvitationRow[]>`
      SELECT * FROM invitations WHERE doc_id = ${docId} ORDER BY invited_at COLLATE "C", id COLLATE "C"`;
    return rows.map(toInvitation);
  }

  async invitationForEmail(docId: string, email: string): Promise<Invitation | undefined> {
    const [row] = await this.sql<InvitationRow[]>`SELECT * FROM invitations WHERE doc_id = ${docId} AND email_key = ${emailKey(email)}`;
    return row && toInvitation(row);
  }

  async findInvitation(docId: string, invitationId: string): Promise<FoundInvitation | undefined> {
    const [pending] = await this.sql<InvitationRow[]>`SELECT * FROM invitations WHERE doc_id = ${docId} AND id = ${invitationId}`;
    if (pending) return { ...toInvitation(pending), userId: null };
    const [member] = await this.sql<MemberRow[]>`SELECT * FROM members WHERE doc_id = ${docId} AND invitation_id = ${invitationId}`;
    if (!member?.invitation_id || member.invited_email === null) return undefined;
    return {
      id: member.invitation_id,
      docId,
      email: member.invited_email,
      role: member.role,
      invitedAt: member.added_at,
      userId: member.user_id,
    };
  }

  async removeInvitation(docId: string, invitationId: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const removed = (await tx`DELETE FROM invitations WHERE doc_id = ${docId} AND id = ${invitationId}`).count > 0;
      if (removed && audit) await insertAudit(tx, audit);
      return removed;
    });
  }

  async claimInvitations(userId: string, email: string): Promise<Member[]> {
    try {
      return await this.sql.begin(async (tx) => {
        // Taken (deleted) first: a claim running at the same time for the same email finds none of them.
        const claimed = await tx<InvitationRow[]>`DELETE FROM invitations WHERE email_key = ${emailKey(email)} RETURNING *`;
        const made: Member[] = [];
        for (const inv of [...claimed].sort((a, b) => (a.invited_at < b.invited_at ? -1 : a.invited_at > b.invited_at ? 1 : 0))) {
          const [row] = await tx<MemberRow[]>`
            INSERT INTO members (doc_id, user_id, role, added_at, invitation_id, invited_email)
            VALUES (${inv.doc_id}, ${userId}, ${inv.role}, ${inv.invited_at}, ${inv.id}, ${inv.email})
            ON CONFLICT DO NOTHING RETURNING *`;
          if (row) made.push(toMember(row));
        }
        return made;
      });
    } catch (err) {
      if (isUnknownReference(err)) throw new StoreError('unknown user', 'not_found');
      throw err;
    }
  }
}
