/** Request bodies of sign-in and the password change (docs/PROTOCOL.md, "Accounts"). */
import { z } from 'zod';

export const loginBody = z.object({
  email: z.string().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginBody = z.input<typeof loginBody>;

export const passwordBody = z.object({
  currentPassword: z.string().min(1, 'is required').max(1024),
  newPassword: z.string().min(1, 'is required').max(1024),
});
export type PasswordBody = z.input<typeof passwordBody>;
