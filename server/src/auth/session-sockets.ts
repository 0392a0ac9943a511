/**
 * Open sync sockets by the session that opened them, so that a session ending
 * ends its sockets too (4401): HTTP answered 401 after sign-out or a password
 * change, while an open socket kept writing and reading.
 *
 * Two ways a session ends reach us: in this process the account store's revoke
 * calls are wrapped (closed at once, before the sign-out answers); in another
 * process (the `concord` CLI resetting a password, a second tool) only the
 * database changes, so every SESSION_RECHECK_MS the sessions of open sockets
 * are looked up again and the missing or expired ones closed.
 */
import { CloseCode } from '@concord/shared';
import type { AccountStore } from '../store/types.js';
import type { Logger } from '../logger.js';

export const SESSION_RECHECK_MS = 1000;

interface OpenSocket {
  userId: string;
  close(code: number, reason: string): void;
}

export class SessionSockets {
  private readonly byToken = new Map<string, Set<OpenSocket>>();

  /** Remembers a socket opened with the session `tokenHash`; returns the function that forgets it. */
  register(tokenHash: string, userId: string, close: OpenSocket['close']): () => void {
    const socket: OpenSocket = { userId, close };
    let set = this.byToken.get(tokenHash);
    if (!set) this.byToken.set(tokenHash, (set = new Set()));
    set.add(socket);
    return () => {
      set.delete(socket);
      if (set.size === 0 && this.byToken.get(tokenHash) === set) this.byToken.delete(tokenHash);
    };
  }

  get openSessionCount(): number {
    return this.byToken.size;
  }

  closeSession(tokenHash: string): void {
    const set = this.byToken.get(tokenHash);
    if (!set) return;
    this.byToken.delete(tokenHash);
    for (const socket of set) socket.close(CloseCode.unauthorized, 'session ended');
  }

  closeUser(userId: string): void {
    for (const [tokenHash, set] of this.byToken) {
      if ([...set].some((s) => s.userId === userId)) this.closeSession(tokenHash);
    }
  }

  /** Looks every open socket's session up again; closes those that ended (also from another process). */
  async recheck(accounts: AccountStore, now = Date.now()): Promise<void> {
    for (const tokenHash of [...this.byToken.keys()]) {
      const session = await accounts.getSession(tokenHash);
      if (!session || Date.parse(session.expiresAt) <= now) this.closeSession(tokenHash);
    }
  }

  /** Runs recheck every `intervalMs`; returns the function that stops it. */
  startRechecking(accounts: AccountStore, log: Logger, intervalMs = SESSION_RECHECK_MS): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.recheck(accounts)
        .catch((err: unknown) => log.error({ err }, 'session recheck failed'))
        .finally(() => (running = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** The account store, with revocations also closing the sockets they concern. */
export function closingSocketsOnRevoke(accounts: AccountStore, sockets: SessionSockets): AccountStore {
  return new Proxy(accounts, {
    get(target, prop, receiver) {
      if (prop === 'revokeSession') {
        return async (tokenHash: string) => {
          await target.revokeSession(tokenHash);
          sockets.closeSession(tokenHash);
        };
      }
      if (prop === 'revokeUserSessions') {
        return async (userId: string) => {
          const count = await target.revokeUserSessions(userId);
          sockets.closeUser(userId);
          return count;
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
