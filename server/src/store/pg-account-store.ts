/** Accounts and sessions on PostgreSQL (the same contract as sqlite-account-store.ts). */
import type { AccountStore, Session, User, UserWithSecret } from './types.js';
import { StoreError } from './types.js';
import { PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgCode, type PgSql } from './pg-database.js';

interface UserRow {
  id: string;
  email: string;
  name: string;
  color: string;
  password_hash: string;
  created_at: string;
}
interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, name: r.name, color: r.color, createdAt: r.created_at });
const toSession = (r: SessionRow): Session => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export class PgAccountStore implements AccountStore {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createUser(u: { id: string; email: string; name: string; color: string; passwordHash: string }): Promise<User> {
    try {
      const [row] = await this.sql<UserRow[]>`
        INSERT INTO users (id, email, name, color, password_hash, created_at)
        VALUES (${u.id}, ${u.email.toLowerCase()}, ${u.name}, ${u.color}, ${u.passwordHash}, ${this.now().toISOString()})
        RETURNING *`;
      return toUser(row!);
    } catch (err) {
      if (pgCode(err) === PG_UNIQUE_VIOLATION) throw new StoreError(`a user with email ${u.email} exists`, 'conflict');
      throw err;
    }
  }

  async getUser(id: string): Promise<User | undefined> {
    const [r] = await this.sql<UserRow[]>`SELECT * FROM users WHERE id = ${id}`;
    return r ? toUser(r) : undefined;
  }

  async getUserByEmail(email: string): Promise<UserWithSecret | undefined> {
    const [r] = await this.sql<UserRow[]>`SELECT * FROM users WHERE lower(email) = ${email.toLowerCase()}`;
    return r ? { ...toUser(r), passwordHash: r.password_hash } : undefined;
  }

  async listUsers(): Promise<User[]> {
    return (await this.sql<UserRow[]>`SELECT * FROM users ORDER BY email COLLATE "C"`).map(toUser);
  }

  async setPasswordHash(userId: string, passwordHash: string, expected?: string): Promise<boolean> {
    if (expected !== undefined)
      return (
        (await this.sql`UPDATE users SET password_hash = ${passwordHash} WHERE id = ${userId} AND password_hash = ${expected}`).count > 0
      );
    return (await this.sql`UPDATE users SET password_hash = ${passwordHash} WHERE id = ${userId}`).count > 0;
  }

  async createSession(s: Session): Promise<void> {
    try {
      await this.sql`INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
        VALUES (${s.tokenHash}, ${s.userId}, ${s.createdAt}, ${s.expiresAt})`;
    } catch (err) {
      const code = pgCode(err);
      if (code === PG_UNIQUE_VIOLATION || code === PG_FOREIGN_KEY_VIOLATION)
        throw new StoreError('unknown user or duplicate session', 'not_found');
      throw err;
    }
  }

  async getSession(tokenHash: string): Promise<Session | undefined> {
    const [r] = await this.sql<SessionRow[]>`SELECT * FROM sessions WHERE token_hash = ${tokenHash}`;
    return r ? toSession(r) : undefined;
  }

  async touchSession(tokenHash: string, expiresAt: string): Promise<void> {
    await this.sql`UPDATE sessions SET expires_at = ${expiresAt} WHERE token_hash = ${tokenHash}`;
  }

  async revokeSession(tokenHash: string): Promise<void> {
    await this.sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`;
  }

  async revokeUserSessions(userId: string): Promise<number> {
    return (await this.sql`DELETE FROM sessions WHERE user_id = ${userId}`).count;
  }
}
