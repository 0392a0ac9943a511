/**
 * Access checks for HTTP handlers, with the rules of @concord/shared (roles.ts).
 * Non-members get the same 404 as for a document that does not exist, so nothing leaks.
 */
import type { Context } from 'hono';
import { can, type Capability, type Role } from '@concord/shared';
import type { User } from '../store/types.js';
import type { AppEnv } from './context.js';
import { forbidden, notFound, unauthorized } from './errors.js';

export function requireUser(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!user) throw unauthorized();
  return user;
}

/** The caller's role on the document; 404 when it does not exist or they are not a member. */
export async function requireMember(c: Context<AppEnv>, docId: string): Promise<{ user: User; role: Role }> {
  const user = requireUser(c);
  const role = await c.get('services').stores.members.roleOf(docId, user.id);
  if (!role) throw notFound('document not found');
  return { user, role };
}

export async function requireCapability(c: Context<AppEnv>, docId: string, capability: Capability): Promise<{ user: User; role: Role }> {
  const member = await requireMember(c, docId);
  if (!can(member.role, capability)) throw forbidden(`your role (${member.role}) cannot ${capability} this document`);
  return member;
}
