/**
 * Shapes of the JSON the Concord server sends (see docs/PROTOCOL.md). Kept by
 * hand because the client does not depend on the server package; the server's
 * routes are the source of truth.
 */
export const ROLES = ['author', 'commissioner', 'publisher', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export type Capability = 'read' | 'edit' | 'vote' | 'comment' | 'resolve' | 'manage' | 'export';

export interface Me {
  id: string;
  email: string;
  name: string;
  color: string;
}

export interface DocSummary {
  id: string;
  title: string;
  updated: string | number;
  created: string | number;
  role: Role;
}

export interface DocMeta extends DocSummary {
  capabilities: Capability[];
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  color: string;
  role: Role;
  addedAt: string | number;
}

/** What each role may do, in words a newcomer understands (shown next to role badges). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  author: 'edits, manages members',
  commissioner: 'edits and votes',
  publisher: 'reads and exports',
  observer: 'reads only',
};

export function canEdit(role: Role): boolean {
  return role === 'author' || role === 'commissioner';
}
