/**
 * Access checks for HTTP handlers, with the rules of @concord/shared (roles.ts).
 * Non-members get the same 404 as for a document that does not exist, so nothing leaks.
 *
 * As middlewares (`signedIn`, `memberOf`) they run before the request is
 * validated (validate.ts): whoever may not use a route gets 401/404/403, never
 * a validation message about it. The membership found is kept for the request,
 * so the handler's own requireMember/requireCapability does not look it up again.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { can, type Capability, type Role } from '@concord/shared';
import type { User } from '../auth/account-service.js';
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
  const known = c.get('member');
  if (known && known.docId === docId && known.user.id === user.id) return { user, role: known.role };
  // An invitee's first request about the document (opening it) accepts the invitation.
  const role = await c.get('services').members.roleOnOpening(docId, user.id);
  if (!role) throw notFound('document not found');
  c.set('member', { docId, user, role });
  return { user, role };
}

export async function requireCapability(
  c: Context<AppEnv>,
  docId: string,
  capability: Capability,
  what = `${capability} this document`,
): Promise<{ user: User; role: Role }> {
  const member = await requireMember(c, docId);
  if (!can(member.role, capability)) throw forbidden(`your role (${member.role}) cannot ${what}`);
  return member;
}

/** Middleware: 401 unless signed in. */
export const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireUser(c);
  await next();
};

/** Middleware: 401 unless signed in, 404 unless a member of document `:id`, 403 unless the role has `capability` (when given). */
export function memberOf(capability?: Capability, what?: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const docId = c.req.param('id');
    if (docId === undefined) throw new Error('memberOf needs a route with an :id parameter');
    if (capability) await requireCapability(c, docId, capability, what);
    else await requireMember(c, docId);
    await next();
  };
}
