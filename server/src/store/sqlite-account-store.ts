import type { AccountStore, Session, User, UserWithSecret } from './types.js';
import { StoreError } from './types.js';
import type { SqliteDb } from './sqlite-database.js';

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

export class SqliteAccountStore implements AccountStore {
  private readonly stmt;

  constructor(
    db: SqliteDb,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stmt = {
      insertUser: db.prepare('INSERT INTO users (id, email, name, color, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      user: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ? COLLATE NOCASE'),
      users: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY email'),
      setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      replacePassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?'),
      insertSession: db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      session: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
      touch: db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?'),
      revoke: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      revokeUser: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
    };
  }

  async createUser(u: { id: string; email: string; name: string; color: string; passwordHash: string }): Promise<User> {
    try {
      this.stmt.insertUser.run(u.id, u.email.toLowerCase(), u.name, u.color, u.passwordHash, this.now().toISOString());
    } catch (err) {
      if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT'))
        throw new StoreError(`a user with email ${u.email} exists`, 'conflict');
      throw err;
    }
    return toUser(this.stmt.user.get(u.id)!);
  }

  async getUser(id: string): Promise<User | undefined> {
    const r = this.stmt.user.get(id);
    return r ? toUser(r) : undefined;
  }

  async getUserByEmail(email: string): Promise<UserWithSecret | undefined> {
    const r = this.stmt.userByEmail.get(email.toLowerCase());
    return r ? { ...toUser(r), passwordHash: r.password_hash } : undefined;
  }

  async listUsers(): Promise<User[]> {
    return this.stmt.users.all().map(toUser);
  }

  async setPasswordHash(userId: string, passwordHash: string, expected?: string): Promise<boolean> {
    if (expected !== undefined) return this.stmt.replacePassword.run(passwordHash, userId, expected).changes > 0;
    return this.stmt.setPassword.run(passwordHash, userId).changes > 0;
  }

  async createSession(s: Session): Promise<void> {
    try {
      this.stmt.insertSession.run(s.tokenHash, s.userId, s.createdAt, s.expiresAt);
    } catch (err) {
      if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT'))
        throw new StoreError('unknown user or duplicate session', 'not_found');
      throw err;
    }
  }

  async getSession(tokenHash: string): Promise<Session | undefined> {
    const r = this.stmt.session.get(tokenHash);
    return r ? toSession(r) : undefined;
  }

  async touchSession(tokenHash: string, expiresAt: string): Promise<void> {
    this.stmt.touch.run(expiresAt, tokenHash);
  }

  async revokeSession(tokenHash: string): Promise<void> {
    this.stmt.revoke.run(tokenHash);
  }

  async revokeUserSessions(userId: string): Promise<number> {
    return this.stmt.revokeUser.run(userId).changes;
  }
}
