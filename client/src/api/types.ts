/**
 * Roles, capabilities and statuses, from @concord/shared; the server's answers
 * are typed by its routes (http.ts). What a role may do on a document is never
 * derived here — the server sends `capabilities`.
 */
import type { Role } from '@concord/shared';

export { ROLES } from '@concord/shared';
export type { BlockStatus, Capability, Role } from '@concord/shared';

/** What each role may do, in words a newcomer understands (shown next to role badges). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  author: 'edits, manages members',
  commissioner: 'edits and votes',
  publisher: 'reads and exports',
  observer: 'reads only',
};
