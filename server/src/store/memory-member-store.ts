import type { ConsensusStore, Member, MemberStore, NewAuditEntry, Role } from './types.js';

export class MemoryMemberStore implements MemberStore {
  private readonly members = new Map<string, Member>();

  constructor(
    /** Where audit entries go (the consensus store's log); its append runs synchronously, so nothing comes between. */
    private readonly auditLog: Pick<ConsensusStore, 'appendAudit'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async setMember(docId: string, userId: string, role: Role, audit?: NewAuditEntry): Promise<Member> {
    const key = `${docId}\u0000${userId}`;
    const existing = this.members.get(key);
    const member: Member = { docId, userId, role, addedAt: existing?.addedAt ?? this.now().toISOString() };
    this.members.set(key, member);
    if (audit) void this.auditLog.appendAudit(audit);
    return { ...member };
  }

  async removeMember(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    const removed = this.members.delete(`${docId}\u0000${userId}`);
    if (removed && audit) void this.auditLog.appendAudit(audit);
    return removed;
  }

  async listMembers(docId: string): Promise<Member[]> {
    return [...this.members.values()].filter((m) => m.docId === docId).map((m) => ({ ...m }));
  }

  async roleOf(docId: string, userId: string): Promise<Role | undefined> {
    return this.members.get(`${docId}\u0000${userId}`)?.role;
  }

  async docIdsOf(userId: string): Promise<string[]> {
    return [...this.members.values()].filter((m) => m.userId === userId).map((m) => m.docId);
  }

  /** Documents are deleted elsewhere; the memory store mirrors SQLite's cascade. */
  forgetDoc(docId: string): void {
    for (const [k, m] of this.members) if (m.docId === docId) this.members.delete(k);
  }
}
