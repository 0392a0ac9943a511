/**
 * Membership changes made by another process — the `concord` CLI, which opens
 * the same database — reach this server's event bus: the relay polls the audit
 * log for member entries marked `via: 'cli'` and announces them, so the sync
 * layer closes the sockets of whoever was removed or given another role, exactly
 * as for a change made in the web app. (With several server processes and a
 * shared bus, e.g. Redis, the CLI would publish there instead.)
 */
import type { Role } from '@concord/shared';
import type { EventBus } from '../events/event-bus.js';
import type { Logger } from '../logger.js';
import type { AuditEntry, ConsensusStore } from '../store/types.js';

const MEMBER_ACTIONS: ReadonlySet<AuditEntry['action']> = new Set(['member.added', 'member.changed', 'member.removed']);

export class CliChangeRelay {
  private lastSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly audit: Pick<ConsensusStore, 'listAuditAfter' | 'lastAuditSeq'>,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly intervalMs = 500,
  ) {}

  /** Starts from the end of the log: earlier changes were in force before this server started. */
  async start(): Promise<void> {
    this.lastSeq = await this.audit.lastAuditSeq();
    this.timer = setInterval(() => {
      this.running ??= this.poll()
        .catch((err: unknown) => this.log.error({ err }, 'reading CLI changes from the audit log failed'))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Announces every CLI membership change written since the last poll. */
  async poll(): Promise<void> {
    for (;;) {
      const entries = await this.audit.listAuditAfter(this.lastSeq, { limit: 1000 });
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
}
