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

/**
 * How long a skipped audit number is watched for. On PostgreSQL an entry is
 * numbered when written and visible when its transaction commits, so an entry
 * may appear after one with a higher number (a CLI change committing just after
 * a vote); a number skipped by a rolled-back transaction never fills and is
 * forgotten after this.
 */
const GAP_WAIT_MS = 30_000;
/** Skipped numbers watched at most (a sequence may jump by dozens after a database crash, not by thousands). */
const MAX_GAPS = 1000;

const MEMBER_ACTIONS: ReadonlySet<AuditEntry['action']> = new Set(['member.added', 'member.changed', 'member.removed', 'member.joined']);

export interface CrossProcessSources {
  /** Null when the CLI publishes on a bus shared with this server (REDIS_URL): then only sessions are checked. */
  audit: Pick<ConsensusStore, 'listAuditAfter' | 'lastAuditSeq'> | null;
  accounts: Pick<AccountStore, 'getSession'>;
  /** The sessions this process has sockets open for (SessionSockets). */
  openSessions(): Iterable<string>;
}

export class CrossProcessRelay {
  private lastSeq = 0;
  /** Numbers below lastSeq not seen yet (an entry not committed when the log was read), with when first missed. */
  private readonly gaps = new Map<number, number>();
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
    const now = this.now();
    for (const [seq, since] of this.gaps) if (now - since > GAP_WAIT_MS) this.gaps.delete(seq);
    // Read again from the oldest gap: an entry committed late is relayed once it shows up.
    let after = this.gaps.size > 0 ? Math.min(...this.gaps.keys()) - 1 : this.lastSeq;
    for (;;) {
      const entries = await audit.listAuditAfter(after, { limit: 1000 });
      if (entries.length === 0) return;
      after = entries.at(-1)!.seq;
      for (const e of entries) {
        if (e.seq <= this.lastSeq) {
          // Relayed already, unless it fills a gap.
          if (!this.gaps.delete(e.seq)) continue;
        } else {
          for (let missing = this.lastSeq + 1; missing < e.seq && this.gaps.size < MAX_GAPS; missing++) this.gaps.set(missing, now);
          this.lastSeq = e.seq;
        }
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
