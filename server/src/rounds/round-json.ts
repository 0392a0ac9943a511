/** A stored round as clients see it (docs/PROTOCOL.md, "Review rounds"). */
import { leftFor, statusCounts, type RoundJson, type RoundOutcomeJson, type RoundReviewerJson, type RoundScope } from '@concord/shared';
import type { Person } from '../auth/people.js';
import type { StoredRound } from '../store/round-types.js';

/** Each commissioner's progress over the round's blocks. */
export function reviewersOf(scope: RoundScope, commissioners: readonly string[], person: (id: string) => Person): RoundReviewerJson[] {
  return commissioners.map((userId) => {
    const { left, leftBySection } = leftFor(scope, userId);
    return { ...person(userId), left, leftBySection, done: left === 0 };
  });
}

/** What is kept when a round closes: computed once, never recomputed. */
export function outcomeOf(
  scope: RoundScope,
  commissioners: readonly string[],
  person: (id: string) => Person,
  closedAt: string,
): RoundOutcomeJson {
  const counts = statusCounts(scope);
  return {
    closedAt,
    sections: scope.sections,
    blocks: scope.blocks.length,
    agreed: counts.agreed,
    disputed: counts.disputed,
    inReview: counts.in_review,
    unreviewed: counts.unreviewed,
    reviewers: reviewersOf(scope, commissioners, person),
    blockOutcomes: scope.blocks.map((b) => ({
      blockId: b.blockId,
      sectionId: scope.sections[b.section]!.headingId,
      status: b.status,
      agreed: b.agreed,
      disputed: b.disputed,
      notReviewed: [...b.pending],
    })),
  };
}

export function roundJson(
  r: StoredRound,
  live: { scope: RoundScope; commissioners: readonly string[] } | null,
  person: (id: string) => Person,
  viewerId: string,
): RoundJson {
  const outcome = r.state === 'closed' ? (r.outcome as RoundOutcomeJson | null) : null;
  const reviewers = outcome ? outcome.reviewers : live ? reviewersOf(live.scope, live.commissioners, person) : [];
  const total = outcome ? outcome.blocks : (live?.scope.blocks.length ?? 0);
  const me = reviewers.find((x) => x.userId === viewerId);
  return {
    id: r.id,
    docId: r.docId,
    message: r.message,
    deadline: r.deadline,
    sectionIds: r.sectionIds,
    reminderHours: r.reminderHours,
    openedBy: person(r.createdBy),
    openedAt: r.createdAt,
    state: r.state,
    closedAt: r.closedAt,
    closedBy: r.closedBy && r.closedReason === 'closed' ? person(r.closedBy) : null,
    closedReason: r.closedReason,
    remindedAt: r.remindedAt,
    sections: outcome ? outcome.sections : (live?.scope.sections ?? []),
    reviewers,
    mine: me ? { left: me.left, total } : null,
    outcome,
  };
}
