/**
 * Open sync sockets by the session that opened them, so that a session ending
 * ends its sockets too (4401): HTTP answered 401 after sign-out or a password
 * change, while an open socket kept writing and reading.
 *
 * Sessions end through the event bus: `session.ended` (one session) and
 * `user.sessions.ended` (every session of an account). In this process the
 * account store's revoke calls publish them (`publishingRevocations`), so the
 * sockets are closed before the sign-out or password change answers; sessions
 * ended by another process (the `concord` CLI) or expired are announced by the
 * CrossProcessRelay (events/cross-process-relay.ts). Nothing here polls.
 */
import { CloseCode } from '@concord/shared';
import type { AccountStore } from '../store/types.js';
import type { EventBus } from '../events/event-bus.js';

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

  /** The sessions that have sockets open here (what the CrossProcessRelay checks). */
  openSessions(): IterableIterator<string> {
    return this.byToken.keys();
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

  /** Closes sockets as sessions end; returns the function that stops listening. */
  subscribe(bus: EventBus): () => void {
    const offOne = bus.subscribe('session.ended', (e) => this.closeSession(e.tokenHash));
    const offAll = bus.subscribe('user.sessions.ended', (e) => this.closeUser(e.userId));
    return () => {
      offOne();
      offAll();
    };
  }
}

/** The account store, with every revocation announced on the bus once it is stored. */
export function publishingRevocations(accounts: AccountStore, bus: EventBus): AccountStore {
  return new Proxy(accounts, {
    get(target, prop, receiver) {
      if (prop === 'revokeSession') {
        return async (tokenHash: string) => {
          await target.revokeSession(tokenHash);
          await bus.publish({ type: 'session.ended', tokenHash });
        };
      }
      if (prop === 'revokeUserSessions') {
        return async (userId: string) => {
          const count = await target.revokeUserSessions(userId);
          await bus.publish({ type: 'user.sessions.ended', userId });
          return count;
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? ((value as (...args: unknown[]) => unknown).bind(target) as unknown) : value;
    },
  });
}
