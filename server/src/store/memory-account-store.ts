import type { AccountStore, Session, User, UserWithSecret } from './types.js';
import { StoreError } from './types.js';

export class MemoryAccountStore implements AccountStore {
  private readonly users = new Map<string, UserWithSecret>();
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async createUser(u: { id: string; email: string; name: string; color: string; passwordHash: string }): Promise<User> {
    const email = u.email.toLowerCase();
    if (this.users.has(u.id) || [...this.users.values()].some((x) => x.email === email))
      throw new StoreError(`a user with email ${u.email} exists`, 'conflict');
    const user: UserWithSecret = {
      id: u.id,
      email,
      name: u.name,
      color: u.color,
      createdAt: this.now().toISOString(),
      passwordHash: u.passwordHash,
    };
    this.users.set(u.id, user);
    return strip(user);
  }

  async getUser(id: string): Promise<User | undefined> {
    const u = this.users.get(id);
    return u ? strip(u) : undefined;
  }

  async getUserByEmail(email: string): Promise<UserWithSecret | undefined> {
    const wanted = email.toLowerCase();
    const u = [...this.users.values()].find((x) => x.email === wanted);
    return u ? { ...u } : undefined;
  }

  async listUsers(): Promise<User[]> {
    return [...this.users.values()].map(strip).sort((a, b) => a.email.localeCompare(b.email));
  }

  async setPasswordHash(userId: string, passwordHash: string, expected?: string): Promise<boolean> {
    const u = this.users.get(userId);
    if (!u || (expected !== undefined && u.passwordHash !== expected)) return false;
    u.passwordHash = passwordHash;
    return true;
  }

  async createSession(s: Session): Promise<void> {
    if (!this.users.has(s.userId)) throw new StoreError('unknown user', 'not_found');
    this.sessions.set(s.tokenHash, { ...s });
  }

  async getSession(tokenHash: string): Promise<Session | undefined> {
    const s = this.sessions.get(tokenHash);
    return s ? { ...s } : undefined;
  }

  async touchSession(tokenHash: string, expiresAt: string): Promise<void> {
    const s = this.sessions.get(tokenHash);
    if (s) s.expiresAt = expiresAt;
  }

  async revokeSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }

  async revokeUserSessions(userId: string): Promise<number> {
    let n = 0;
    for (const [k, s] of this.sessions) if (s.userId === userId && this.sessions.delete(k)) n++;
    return n;
  }
}

function strip(u: UserWithSecret): User {
  return { id: u.id, email: u.email, name: u.name, color: u.color, createdAt: u.createdAt };
}
