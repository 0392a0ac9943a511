/**
 * Roles, capabilities and statuses, from @concord/shared; the server's answers
 * are typed by its routes (http.ts). What a role may do on a document is never
 * derived here — the server sends `capabilities`.
 */
export { ROLES, ROLE_DESCRIPTIONS } from '@concord/shared';
export type { BlockStatus, Capability, Role } from '@concord/shared';
