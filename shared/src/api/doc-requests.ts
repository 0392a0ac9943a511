/** Request bodies for documents and their members (docs/PROTOCOL.md, "Documents", "Members"). */
import { z } from 'zod';
import { ROLES, type Role } from '../protocol/roles.js';
import { MAX_TITLE_LENGTH } from './limits.js';

export const titleBody = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(MAX_TITLE_LENGTH, `must be at most ${MAX_TITLE_LENGTH} characters`),
});
export type TitleBody = z.input<typeof titleBody>;

export const roleSchema = z.enum(ROLES as [Role, ...Role[]], { error: `must be one of ${ROLES.join(', ')}` });

export const addMemberBody = z.object({ email: z.string().trim().min(3, 'must be an email address').max(254), role: roleSchema });
export type AddMemberBody = z.input<typeof addMemberBody>;

export const changeRoleBody = z.object({ role: roleSchema });
export type ChangeRoleBody = z.input<typeof changeRoleBody>;
