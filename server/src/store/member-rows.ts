/** Member and invitation rows as SQLite and PostgreSQL store them, and how they map to the store types. */
import type { Invitation, Member, Role } from './types.js';

export interface MemberRow {
  doc_id: string;
  user_id: string;
  role: Role;
  added_at: string;
  /** Null once accepted (or for a member added directly). */
  invitation_id: string | null;
  invited_email: string | null;
}

export interface InvitationRow {
  id: string;
  doc_id: string;
  email: string;
  email_key: string;
  role: Role;
  invited_at: string;
}

export function toMember(r: MemberRow): Member {
  const member: Member = { docId: r.doc_id, userId: r.user_id, role: r.role, addedAt: r.added_at };
  if (r.invitation_id !== null && r.invited_email !== null) member.invitation = { id: r.invitation_id, email: r.invited_email };
  return member;
}

export const toInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  docId: r.doc_id,
  email: r.email,
  role: r.role,
  invitedAt: r.invited_at,
});

/** How invitations are matched to accounts: account emails are stored lower-cased (auth/accounts.ts). */
export const emailKey = (email: string): string => email.trim().toLowerCase();
