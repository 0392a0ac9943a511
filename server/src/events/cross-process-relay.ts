/**
 * The one seam through which changes made by *another process* reach this
 * server's event bus. Today that process is the `concord` CLI, which opens the
 * same SQLite database and runs the same services, but whose bus has no
 * subscribers here. Every RELAY_INTERVAL_MS the relay:
 *
 * - reads the audit log for membership changes the CLI wrote (`via: 'cli'`) and
 *   publishes `member.changed`, so the sync layer closes the sockets of whoever
 *   was removed or given another role, exactly as for a change made on the web;
 * - looks up the sessions of the open sockets again and publishes `session.ended`
 *   for those gone (a password reset with the CLI revokes every session of the
 *   account) or expired, so their sockets close (4401).
 *
 * Why polling: SQLite has no change notification across processes, and the CLI
 * cannot reach the server's memory. Both reads are tiny (an indexed range of the
 * audit log; one primary-key lookup per open session — a commission has a few
 * dozen). Changes made in this process never wait for it: they are published on
 * the bus directly. With REDIS_URL the CLI publishes on the shared bus, so the
 * audit log is not read (`audit: null`); sessions that expired or were revoked
 * are still looked up here, in every process, for its own sockets.
 */
import type { Role } from '@concord/shared';
import type { EventBus } from './event-bus.js';
import type { Logger } from '../logger.js';
import type { AccountStore, AuditEntry, ConsensusStore } from '../store/types.js';

/** How stale a change from another process may be when it reaches open sockets. */
export const RELAY_INTERVAL_MS = 500;

const MEMBER_ACTIONS: ReadonlySet<AuditEntry['action']> = new Set(['member.added', 'member.changed', 'member.removed']);

export interface CrossProcessSources {
  /** Null when the CLI publishes on a bus shared with this server (REDIS_URL): then only sessions are checked. */
  audit: Pick<ConsensusStore, 'listAuditAfter' | 'lastAuditSeq'> | null;
  accounts: Pick<AccountStore, 'getSession'>;
  /** The sessions this process has sockets open for (SessionSockets). */
  openSessions(): Iterable<string>;
}

export class CrossProcessRelay {
  private lastSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly sources: CrossProcessSources,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly intervalMs = RELAY_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts from the end of the audit log: earlier changes were in force before this server started. */
  async start(): Promise<void> {
    this.lastSeq = (await this.sources.audit?.lastAuditSeq()) ?? 0;
    this.timer = setInterval(() => {
      this.running ??= this.poll()
        .catch((err: unknown) => this.log.error({ err }, 'relaying changes made by another process failed'))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round: membership changes from the audit log, then ended sessions. */
  async poll(): Promise<void> {
    await this.relayMemberChanges();
    await this.relayEndedSessions();
  }

  private async relayMemberChanges(): Promise<void> {
    const audit = this.sources.audit;
    if (!audit) return;
    for (;;) {
      const entries = await audit.listAuditAfter(this.lastSeq, { limit: 1000 });
      if (entries.length === 0) return;
      this.lastSeq = entries.at(-1)!.seq;
      for (const e of entries) {
        if (!MEMBER_ACTIONS.has(e.action) || e.details.via !== 'cli') continue;
        const d = e.details as { userId?: string; role?: Role; previousRole?: Role | null };
        if (typeof d.userId !== 'string') continue;
        await this.bus.publish({
          type: 'member.changed',
          docId: e.docId,
          userId: d.userId,
          role: e.action === 'member.removed' ? null : (d.role ?? null),
          previousRole: d.previousRole ?? null,
        });
      }
    }
  }

  private async relayEndedSessions(): Promise<void> {
    for (const tokenHash of [...this.sources.openSessions()]) {
      const session = await this.sources.accounts.getSession(tokenHash);
      if (session && Date.parse(session.expiresAt) > this.now()) continue;
      await this.bus.publish({ type: 'session.ended', tokenHash });
    }
  }
}
