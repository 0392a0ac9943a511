/**
 * Server-side sessions. The cookie holds a random token; the store holds only
 * its SHA-256, so a leaked database does not leak live sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AccountStore, User } from '../store/types.js';

export const SESSION_COOKIE = 'concord_session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionService {
  constructor(
    private readonly accounts: AccountStore,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const created = this.now();
    const expiresAt = new Date(created.getTime() + this.ttlMs);
    await this.accounts.createSession({
      tokenHash: hashToken(token),
      userId,
      createdAt: created.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    return { token, expiresAt };
  }

  /** The user behind a token, or undefined if unknown, expired or revoked. Slides the idle expiry. */
  async resolve(token: string | undefined): Promise<User | undefined> {
    if (!token || token.length > 200) return undefined;
    const tokenHash = hashToken(token);
    const session = await this.accounts.getSession(tokenHash);
    if (!session) return undefined;
    const now = this.now();
    if (Date.parse(session.expiresAt) <= now.getTime()) {
      await this.accounts.revokeSession(tokenHash);
      return undefined;
    }
    // Touch at most once a minute: a busy editor should not write on every request.
    const newExpiry = now.getTime() + this.ttlMs;
    if (newExpiry - Date.parse(session.expiresAt) > 60_000) await this.accounts.touchSession(tokenHash, new Date(newExpiry).toISOString());
    return this.accounts.getUser(session.userId);
  }

  async revoke(token: string): Promise<void> {
    await this.accounts.revokeSession(hashToken(token));
  }
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
