/**
 * Roles and what each may do: the one place the role → capability rules live.
 * The server decides with these; clients get a document's capabilities from the
 * server (GET /api/docs/:id) and never derive them from the role themselves.
 */
export type Role = 'commissioner' | 'author' | 'publisher' | 'observer';
export const ROLES: readonly Role[] = ['commissioner', 'author', 'publisher', 'observer'];

/** What each role may do, in words a newcomer understands (next to role badges; in invitation emails). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  author: 'edits, manages members',
  commissioner: 'edits and votes',
  publisher: 'reads and exports',
  observer: 'reads only',
};

export type Capability = 'read' | 'edit' | 'vote' | 'comment' | 'resolve' | 'manage' | 'export';

const CAPABILITIES: Record<Role, ReadonlySet<Capability>> = {
  commissioner: new Set(['read', 'edit', 'vote', 'comment']),
  author: new Set(['read', 'edit', 'comment', 'resolve', 'manage', 'export']),
  publisher: new Set(['read', 'export']),
  observer: new Set(['read']),
};

export function can(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].has(capability);
}

export function capabilitiesOf(role: Role): Capability[] {
  return [...CAPABILITIES[role]];
}

/** The audit log and the socket's welcome are read by these roles beyond `read`. */
export const AUDIT_READERS: ReadonlySet<Role> = new Set<Role>(['author', 'publisher']);

export function mayReadAudit(role: Role): boolean {
  return AUDIT_READERS.has(role);
}

/** Only a comment's own author edits or deletes it, and only while their role may comment. */
export function mayChangeComment(role: Role, isOwnComment: boolean): boolean {
  return can(role, 'comment') && isOwnComment;
}

/** The author role resolves and reopens any thread; whoever started a thread, their own. */
export function mayResolveThread(role: Role, startedTheThread: boolean): boolean {
  return can(role, 'resolve') || (can(role, 'comment') && startedTheThread);
}
