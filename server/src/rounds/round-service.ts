/**
 * Review rounds (issue 19): the author asks the commissioners to review some
 * sections (or the whole document) by a deadline. Progress is derived from the
 * consensus view, never stored; when the deadline passes (or the author closes
 * it) the outcome is computed once and kept with the round, audited in the same
 * transaction. `tick()` closes due rounds and announces due reminders; the
 * scheduler (round-scheduler.ts) runs it at start and on a timer.
 */
import {
  MAX_OPEN_ROUNDS,
  MAX_ROUND_DAYS,
  DEFAULT_ROUND_REMINDER_HOURS,
  leftFor,
  roundScope,
  unknownSections,
  type OpenRoundBody,
  type RoundAnnouncement,
  type RoundJson,
  type RoundPending,
  type RoundScope,
  type RoundSummaryJson,
} from '@concord/shared';
import { newId } from '../auth/accounts.js';
import { peopleById, SYSTEM_ACTOR_ID, type Person } from '../auth/people.js';
import type { ConsensusService } from '../consensus/consensus-service.js';
import { DomainError } from '../domain/domain-error.js';
import type { EventBus } from '../events/event-bus.js';
import type { Logger } from '../logger.js';
import type { StoredRound } from '../store/round-types.js';
import { runExclusive } from '../store/exclusive-job.js';
import type { NewAuditEntry, Stores, User } from '../store/types.js';
import { outcomeOf, roundJson } from './round-json.js';

const HOUR_MS = 3600_000;

export class RoundService {
  constructor(
    private readonly stores: Stores,
    private readonly consensus: ConsensusService,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async open(docId: string, actor: User, body: OpenRoundBody): Promise<RoundJson> {
    const now = this.now();
    const deadline = new Date(body.deadline);
    if (deadline.getTime() <= now.getTime()) throw new DomainError('bad_request', 'deadline must be in the future');
    if (deadline.getTime() > now.getTime() + MAX_ROUND_DAYS * 24 * HOUR_MS)
      throw new DomainError('bad_request', `deadline must be within ${MAX_ROUND_DAYS} days`);
    const open = (await this.stores.rounds.list(docId)).filter((r) => r.state === 'open');
    if (open.length >= MAX_OPEN_ROUNDS)
      throw new DomainError('conflict', `a document may have at most ${MAX_OPEN_ROUNDS} open review rounds; close one first`);
    const sectionIds = body.sections ? [...new Set(body.sections)] : null;
    const { view, commissioners } = await this.consensus.view(docId);
    if (sectionIds) {
      const unknown = unknownSections(view.entries, sectionIds);
      if (unknown.length > 0)
        throw new DomainError('bad_request', `sections: not headings of this document: ${unknown.slice(0, 10).join(', ')}`, { unknown });
    }
    const reminderHours = body.reminderHours ?? DEFAULT_ROUND_REMINDER_HOURS;
    const at = now.toISOString();
    const round: StoredRound = {
      id: newId('r'),
      docId,
      createdBy: actor.id,
      createdAt: at,
      deadline: deadline.toISOString(),
      message: (body.message ?? '').trim(),
      sectionIds,
      reminderHours,
      state: 'open',
      closedAt: null,
      closedBy: null,
      closedReason: null,
      // A deadline nearer than the reminder: the opening email says all a reminder would.
      remindedAt: reminderHours === 0 || deadline.getTime() - reminderHours * HOUR_MS <= now.getTime() ? at : null,
      outcome: null,
    };
    const audit: NewAuditEntry = {
      docId,
      at,
      actorId: actor.id,
      action: 'round.opened',
      blockId: null,
      details: { roundId: round.id, deadline: round.deadline, sections: sectionIds, message: round.message, reminderHours },
    };
    await this.stores.rounds.create(round, audit);
    const scope = roundScope(view.entries, sectionIds);
    const person = await this.people(round, commissioners);
    await this.bus.publish({
      type: 'round.opened',
      docId,
      roundId: round.id,
      actorId: actor.id,
      round: announcement(round, scope, person),
      pending: commissioners.map((userId) => pendingOf(scope, userId)),
    });
    return roundJson(round, { scope, commissioners }, person, actor.id);
  }

  async list(docId: string, viewerId: string): Promise<RoundSummaryJson[]> {
    const rounds = await this.stores.rounds.list(docId);
    const live = rounds.some((r) => r.state === 'open') ? await this.consensus.view(docId) : undefined;
    const out: RoundSummaryJson[] = [];
    for (const r of rounds) {
      const scope =
        live && r.state === 'open' ? { scope: roundScope(live.view.entries, r.sectionIds), commissioners: live.commissioners } : null;
      const { outcome: _outcome, ...summary } = roundJson(r, scope, await this.people(r, live?.commissioners ?? []), viewerId);
      out.push(summary);
    }
    return out;
  }

  async get(docId: string, roundId: string, viewerId: string): Promise<RoundJson> {
    const r = await this.stores.rounds.get(docId, roundId);
    if (!r) throw new DomainError('not_found', 'no such review round');
    if (r.state === 'closed') return roundJson(r, null, await this.people(r, []), viewerId);
    const { view, commissioners } = await this.consensus.view(docId);
    return roundJson(r, { scope: roundScope(view.entries, r.sectionIds), commissioners }, await this.people(r, commissioners), viewerId);
  }

  async close(docId: string, roundId: string, actor: User): Promise<RoundJson> {
    const r = await this.stores.rounds.get(docId, roundId);
    if (!r) throw new DomainError('not_found', 'no such review round');
    const closed = await this.closeRound(r, actor.id);
    if (!closed) throw new DomainError('conflict', 'this review round is already closed');
    return roundJson(closed, null, await this.people(closed, []), actor.id);
  }

  /** The open round with the nearest deadline, and how many of its blocks wait for `userId` (the document list). */
  async nearestFor(
    docId: string,
    userId: string,
    isCommissioner: boolean,
  ): Promise<{ round: StoredRound; left: number | null; total: number; sections: RoundScope['sections'] } | null> {
    const round = (await this.stores.rounds.list(docId))
      .filter((r) => r.state === 'open')
      .sort((a, b) => a.deadline.localeCompare(b.deadline))[0];
    if (!round) return null;
    const { view } = await this.consensus.view(docId);
    const scope = roundScope(view.entries, round.sectionIds);
    return { round, left: isCommissioner ? leftFor(scope, userId).left : null, total: scope.blocks.length, sections: scope.sections };
  }

  /**
   * Closes rounds past their deadline and announces due reminders; one round's failure never stops the others.
   * With several processes on one database only one checks at a time (runExclusive): a reminder is announced once.
   */
  async tick(now: Date = this.now()): Promise<void> {
    await runExclusive(this.stores, 'review-rounds', async () => {
      for (const r of await this.stores.rounds.listOpen()) {
        try {
          const deadline = Date.parse(r.deadline);
          if (deadline <= now.getTime()) await this.closeRound(r, null, now);
          else if (r.remindedAt === null && r.reminderHours > 0 && deadline - r.reminderHours * HOUR_MS <= now.getTime())
            await this.remind(r, now);
        } catch (err) {
          this.log.error({ err, docId: r.docId, roundId: r.id }, 'review round check failed');
        }
      }
    });
  }

  /** The commissioners with blocks left hear of it first (the mail is queued), then the round records that it reminded. */
  private async remind(r: StoredRound, now: Date): Promise<void> {
    const { scope, commissioners } = await this.scopeOf(r);
    const pending = commissioners.map((userId) => pendingOf(scope, userId)).filter((p) => p.left > 0);
    if (pending.length > 0) {
      const round = announcement(r, scope, await this.people(r, []));
      await this.bus.publish({ type: 'round.reminder', docId: r.docId, roundId: r.id, round, pending });
    }
    await this.stores.rounds.markReminded(r.docId, r.id, now.toISOString());
  }

  /** null actor: the deadline closed it. Undefined when it was not open (closed meanwhile). */
  private async closeRound(r: StoredRound, actorId: string | null, now: Date = this.now()): Promise<StoredRound | undefined> {
    const { scope, commissioners } = await this.scopeOf(r);
    const closedAt = now.toISOString();
    const outcome = outcomeOf(scope, commissioners, await this.people(r, commissioners), closedAt);
    const reason = actorId === null ? 'deadline' : 'closed';
    const audit: NewAuditEntry = {
      docId: r.docId,
      at: closedAt,
      actorId: actorId ?? SYSTEM_ACTOR_ID,
      action: 'round.closed',
      blockId: null,
      details: {
        roundId: r.id,
        reason,
        blocks: outcome.blocks,
        agreed: outcome.agreed,
        disputed: outcome.disputed,
        inReview: outcome.inReview,
        unreviewed: outcome.unreviewed,
        notFinished: outcome.reviewers.filter((x) => !x.done).map((x) => x.userId),
      },
    };
    const closed = await this.stores.rounds.close(r.docId, r.id, { closedAt, closedBy: actorId, closedReason: reason, outcome }, audit);
    if (closed) await this.bus.publish({ type: 'round.closed', docId: r.docId, roundId: r.id, actorId });
    return closed;
  }

  private async scopeOf(r: StoredRound): Promise<{ scope: RoundScope; commissioners: string[] }> {
    const { view, commissioners } = await this.consensus.view(r.docId);
    return { scope: roundScope(view.entries, r.sectionIds), commissioners };
  }

  private people(r: StoredRound, commissioners: readonly string[]) {
    return peopleById(this.stores.accounts, [r.createdBy, ...(r.closedBy ? [r.closedBy] : []), ...commissioners]);
  }
}

function pendingOf(scope: RoundScope, userId: string): RoundPending {
  const first = scope.blocks.find((b) => b.pending.includes(userId));
  return { userId, left: leftFor(scope, userId).left, firstBlockId: first?.blockId ?? null };
}

function announcement(r: StoredRound, scope: RoundScope, person: (id: string) => Person): RoundAnnouncement {
  return {
    deadline: r.deadline,
    message: r.message,
    sectionTitles: r.sectionIds ? scope.sections.filter((s) => s.headingId !== null).map((s) => s.title) : [],
    openedBy: person(r.createdBy),
  };
}
