import type { ConsensusStore, FoundInvitation, Invitation, Member, MemberInvitation, MemberStore, NewAuditEntry, Role } from './types.js';
import { StoreError } from './types.js';
import { emailKey } from './member-rows.js';

const copy = (m: Member): Member => (m.invitation ? { ...m, invitation: { ...m.invitation } } : { ...m });
const byTime = <T extends { id: string; invitedAt: string }>(a: T, b: T) =>
  a.invitedAt < b.invitedAt ? -1 : a.invitedAt > b.invitedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export class MemoryMemberStore implements MemberStore {
  private readonly members = new Map<string, Member>();
  /** Pending invitations by doc id + email key. */
  private readonly invitations = new Map<string, Invitation>();

  constructor(
    /** Where audit entries go (the consensus store's log); its append runs synchronously, so nothing comes between. */
    private readonly auditLog: Pick<ConsensusStore, 'appendAudit'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async setMember(docId: string, userId: string, role: Role, audit?: NewAuditEntry): Promise<Member> {
    const key = `${docId}\u0000${userId}`;
    const existing = this.members.get(key);
    const member: Member = existing ? { ...existing, role } : { docId, userId, role, addedAt: this.now().toISOString() };
    this.members.set(key, member);
    if (audit) void this.auditLog.appendAudit(audit);
    return copy(member);
  }

  async inviteMember(docId: string, userId: string, role: Role, invitation: MemberInvitation, audit?: NewAuditEntry): Promise<Member> {
    const key = `${docId}\u0000${userId}`;
    if (this.members.has(key)) throw new StoreError('already a member of this document', 'conflict');
    const member: Member = { docId, userId, role, addedAt: this.now().toISOString(), invitation: { ...invitation } };
    this.members.set(key, member);
    if (audit) void this.auditLog.appendAudit(audit);
    return copy(member);
  }

  async removeMember(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    const removed = this.members.delete(`${docId}\u0000${userId}`);
    if (removed && audit) void this.auditLog.appendAudit(audit);
    return removed;
  }

  async listMembers(docId: string): Promise<Member[]> {
    return [...this.members.values()].filter((m) => m.docId === docId).map(copy);
  }

  async getMember(docId: string, userId: string): Promise<Member | undefined> {
    const member = this.members.get(`${docId}\u0000${userId}`);
    return member && copy(member);
  }

  async roleOf(docId: string, userId: string): Promise<Role | undefined> {
    return this.members.get(`${docId}\u0000${userId}`)?.role;
  }

  async docIdsOf(userId: string): Promise<string[]> {
    return [...this.members.values()].filter((m) => m.userId === userId).map((m) => m.docId);
  }

  async acceptInvitation(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    const member = this.members.get(`${docId}\u0000${userId}`);
    if (!member?.invitation) return false;
    delete member.invitation;
    if (audit) void this.auditLog.appendAudit(audit);
    return true;
  }

  async putInvitation(invitation: Invitation, audit?: NewAuditEntry): Promise<Invitation> {
    const key = `${invitation.docId}\u0000${emailKey(invitation.email)}`;
    const existing = this.invitations.get(key);
    if (existing && existing.id !== invitation.id) return { ...existing };
    const stored = existing ? { ...existing, role: invitation.role } : { ...invitation };
    this.invitations.set(key, stored);
    if (audit) void this.auditLog.appendAudit(audit);
    return { ...stored };
  }

  async listInvitations(docId: string): Promise<Invitation[]> {
    return [...this.invitations.values()]
      .filter((i) => i.docId === docId)
      .sort(byTime)
      .map((i) => ({ ...i }));
  }

  async invitationForEmail(docId: string, email: string): Promise<Invitation | undefined> {
    const found = this.invitations.get(`${docId}\u0000${emailKey(email)}`);
    return found && { ...found };
  }

  async findInvitation(docId: string, invitationId: string): Promise<FoundInvitation | undefined> {
    for (const i of this.invitations.values()) if (i.docId === docId && i.id === invitationId) return { ...i, userId: null };
    for (const m of this.members.values())
      if (m.docId === docId && m.invitation?.id === invitationId)
        return { id: invitationId, docId, email: m.invitation.email, role: m.role, invitedAt: m.addedAt, userId: m.userId };
    return undefined;
  }

  async removeInvitation(docId: string, invitationId: string, audit?: NewAuditEntry): Promise<boolean> {
    for (const [key, i] of this.invitations)
      if (i.docId === docId && i.id === invitationId) {
        this.invitations.delete(key);
        if (audit) void this.auditLog.appendAudit(audit);
        return true;
      }
    return false;
  }

  async claimInvitations(userId: string, email: string): Promise<Member[]> {
    const made: Member[] = [];
    const mine = [...this.invitations.entries()]
      .filter(([, i]) => emailKey(i.email) === emailKey(email))
      .sort(([, a], [, b]) => byTime(a, b));
    for (const [key, i] of mine) {
      this.invitations.delete(key);
      const memberKey = `${i.docId}\u0000${userId}`;
      if (this.members.has(memberKey)) continue;
      const member: Member = { docId: i.docId, userId, role: i.role, addedAt: i.invitedAt, invitation: { id: i.id, email: i.email } };
      this.members.set(memberKey, member);
      made.push(copy(member));
    }
    return made;
  }

  /** Documents are deleted elsewhere; the memory store mirrors SQLite's cascade. */
  forgetDoc(docId: string): void {
    for (const [k, m] of this.members) if (m.docId === docId) this.members.delete(k);
    for (const [k, i] of this.invitations) if (i.docId === docId) this.invitations.delete(k);
  }
}
