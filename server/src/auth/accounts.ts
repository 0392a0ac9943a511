/** Creating users and changing passwords: shared by the HTTP API, the CLI and the demo seed. */
import { randomBytes } from 'node:crypto';
import type { AccountStore, MemberStore, User } from '../store/types.js';
import { hashPassword, passwordProblem } from './password.js';
import { colorFor } from './colors.js';
import { DomainError } from '../domain/domain-error.js';

/** A request about accounts that cannot be done as asked (bad email, weak password …): a 400 on the web. */
export class AccountError extends DomainError {
  constructor(message: string) {
    super('bad_request', message);
    this.name = 'AccountError';
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether this looks like an email address an account could have (the check account creation makes). */
export const isEmailAddress = (email: string): boolean => EMAIL.test(email) && email.length <= 254;

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}

/**
 * The product never passes `hash`: every new password costs PASSWORD_COST. The
 * test suite's fixtures pass one that reuses a cheap hash made once per process
 * (tests/helpers/users.ts); it verifies because verifyPassword reads the cost
 * from the stored hash.
 */
export async function addUser(
  accounts: AccountStore,
  input: { email: string; name: string; password: string },
  hash: (password: string) => Promise<string> = hashPassword,
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!isEmailAddress(email)) throw new AccountError(`"${input.email}" is not an email address`);
  if (!name || name.length > 80) throw new AccountError('name must be 1 to 80 characters');
  const problem = passwordProblem(input.password);
  if (problem) throw new AccountError(problem);
  if (await accounts.getUserByEmail(email)) throw new AccountError(`a user with email ${email} already exists`);
  const count = (await accounts.listUsers()).length;
  return accounts.createUser({ id: newId('u'), email, name, color: colorFor(count), passwordHash: await hash(input.password) });
}

/**
 * Creates an account (addUser), then makes the invitations waiting for its email
 * memberships (listed as invited until the person opens each document; issue 12).
 * Sign-in claims them again (auth-routes.ts), should this process stop in between.
 */
export async function addAccount(
  stores: { accounts: AccountStore; members: Pick<MemberStore, 'claimInvitations'> },
  input: { email: string; name: string; password: string },
): Promise<User> {
  const user = await addUser(stores.accounts, input);
  await stores.members.claimInvitations(user.id, user.email);
  return user;
}

export async function setPassword(accounts: AccountStore, userId: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(problem);
  if (!(await accounts.setPasswordHash(userId, await hashPassword(password)))) throw new AccountError('no such user');
  // A password change signs the user out everywhere else.
  await accounts.revokeUserSessions(userId);
}
