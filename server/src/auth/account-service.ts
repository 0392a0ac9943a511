/**
 * Accounts, for the web and the CLI alike (the transports reach the account
 * store only through here; sessions.ts keeps the sessions) — signing in (password checked in equal time whether the email exists or not),
 * changing and resetting passwords (every session of the account ends: the
 * store's revocations are announced on the bus, session-sockets.ts), creating
 * and listing accounts (CLI), and turning user ids into display names.
 */
import type { AccountStore, MemberStore, User } from '../store/types.js';
import { addAccount, setPassword } from './accounts.js';
import { dummyPasswordHash, hashPassword, isBelowCost, PASSWORD_COST, verifyPassword, type ScryptCost } from './password.js';
import { peopleById } from './people.js';

/** An account as transports see it (never its password hash). */
export type { User };

export class AccountService {
  constructor(
    private readonly accounts: AccountStore,
    /** Invitations waiting for an email become memberships when its account is created or signs in (issue 12). */
    private readonly members: Pick<MemberStore, 'claimInvitations' | 'docIdsOf'>,
    /** The cost a password stored below is raised to when its owner signs in (Config.passwordCost). */
    private readonly passwordCost: ScryptCost = PASSWORD_COST,
  ) {}

  /** The account if `password` is its password; undefined otherwise, in the same time for an unknown email. */
  async checkPassword(rawEmail: string, password: string): Promise<User | undefined> {
    const found = await this.verified(rawEmail, password);
    return found && withoutSecret(found);
  }

  /**
   * Signing in: checkPassword, and a password stored at a lower cost than today's (an
   * older default) is hashed again at today's while it is at hand — once, unseen by
   * the person, their sessions kept. Only over the hash that was checked: a password
   * changed meanwhile is not undone.
   */
  async signIn(rawEmail: string, password: string): Promise<User | undefined> {
    const found = await this.verified(rawEmail, password);
    if (!found) return undefined;
    if (isBelowCost(found.passwordHash, this.passwordCost))
      await this.accounts.setPasswordHash(found.id, await hashPassword(password, this.passwordCost), found.passwordHash);
    return withoutSecret(found);
  }

  private async verified(rawEmail: string, password: string) {
    const found = await this.accounts.getUserByEmail(rawEmail.trim().toLowerCase());
    const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyPasswordHash()));
    return found && ok ? found : undefined;
  }

  /** Changes the user's password if `current` is right (false if not). Every session of theirs ends. */
  async changePassword(user: User, current: string, next: string): Promise<boolean> {
    if (!(await this.checkPassword(user.email, current))) return false;
    await setPassword(this.accounts, user.id, next);
    return true;
  }

  /** Sets a new password without the old one (the server administrator, CLI). Every session of theirs ends. */
  async resetPassword(userId: string, password: string): Promise<void> {
    await setPassword(this.accounts, userId, password);
  }

  /** Creates the account and claims the invitations waiting for its email; `invitedTo`: how many documents it is now a member of. */
  async add(input: { email: string; name: string; password: string }): Promise<{ user: User; invitedTo: number }> {
    const user = await addAccount({ accounts: this.accounts, members: this.members }, input);
    // A new account's memberships all come from invitations waiting for its email.
    return { user, invitedTo: (await this.members.docIdsOf(user.id)).length };
  }

  /** Invitations that came for the user's email after (or while) the account was created become memberships. */
  async claimInvitations(user: User): Promise<void> {
    await this.members.claimInvitations(user.id, user.email);
  }

  async byEmail(email: string): Promise<User | undefined> {
    const found = await this.accounts.getUserByEmail(email.trim().toLowerCase());
    return found ? withoutSecret(found) : undefined;
  }

  async list(): Promise<User[]> {
    return this.accounts.listUsers();
  }

  /** Each id's display name ("(former member)" for an account that is gone). */
  async names(ids: Iterable<string>): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const person = await peopleById(this.accounts, unique);
    return new Map(unique.map((id) => [id, person(id).name]));
  }
}

function withoutSecret(user: User & { passwordHash?: string }): User {
  const { passwordHash: _secret, ...rest } = user;
  return rest;
}
