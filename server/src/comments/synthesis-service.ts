/**
 * The report author's synthesis page: every disputed or stale block, grouped by
 * section in document order (and, briefly, every other block not yet agreed —
 * waiting for votes), with what the author needs to rewrite it — the
 * disputes and their reasons, open threads, who has not voted, and what changed
 * since each stale vote, the open proposals that might resolve it — and
 * re-review requests that notify the commissioners concerned. A block with an
 * open proposal is listed even when agreed: the proposal waits for the author.
 * Reads the consensus view the server computes from its own copy.
 */
import {
  describeConsensusRule,
  wordDiff,
  type ReviewRequestedJson,
  type SectionRollup,
  type SynthesisBlockJson,
  type SynthesisJson,
  type SynthesisSectionJson,
  type SynthesisWaitingSectionJson,
} from '@concord/shared';
import type { ConsensusService } from '../consensus/consensus-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { Stores, User } from '../store/types.js';
import { DomainError, rateLimited } from '../domain/domain-error.js';
import type { CommentService } from './comment-service.js';
import { MAX_REVIEW_MESSAGE_LENGTH } from './comment-text.js';
import { snippet } from '../notifications/snippet.js';
import { peopleById } from '../auth/people.js';
import { blockPositions } from './thread-json.js';
import type { ProposalService } from '../proposals/proposal-service.js';

/** The synthesis page's shapes, declared once in @concord/shared (api/review-responses.ts). */
export type SynthesisBlock = SynthesisBlockJson;
export type SynthesisSection = SynthesisSectionJson;

export class SynthesisService {
  constructor(
    private readonly stores: Stores,
    private readonly consensus: ConsensusService,
    private readonly comments: CommentService,
    private readonly notifications: NotificationService,
    private readonly proposals: ProposalService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async synthesis(docId: string): Promise<SynthesisJson> {
    const { view, stored, rule, commissioners } = await this.consensus.view(docId);
    const positions = blockPositions(view);
    const threads = await this.comments.openThreadsByBlock(docId, positions);
    const proposals = await this.proposals.openByBlock(docId);
    const person = await peopleById(this.stores.accounts, [...commissioners, ...stored.map((v) => v.userId)]);
    const storedVote = new Map(stored.map((v) => [`${v.blockId}\u0000${v.userId}`, v]));

    const sections: SynthesisSection[] = [];
    const waiting: SynthesisWaitingSectionJson[] = [];
    const sectionAt = sectionLookup(view.rollup.sections);
    view.entries.forEach((entry, index) => {
      const { block, consensus } = entry;
      if (block.id === null) return;
      if (!(consensus.status === 'disputed' || consensus.stale || proposals.has(block.id))) {
        // Not agreed, nothing to rewrite: it waits for votes. Listed too (briefly), so that every
        // block standing between the commission and a complete report is on the page.
        if (consensus.status === 'agreed') return;
        const section = sectionAt(index);
        const item = {
          id: block.id,
          kind: block.kind,
          excerpt: snippet(block.text),
          status: consensus.status,
          notYetVoted: consensus.pending.length,
        };
        const last = waiting.at(-1);
        if (last && last.key === section.key) last.blocks.push(item);
        else waiting.push({ key: section.key, headingId: section.headingId, title: section.title, level: section.level, blocks: [item] });
        return;
      }
      const id = block.id;
      const vote = (userId: string) => storedVote.get(`${id}\u0000${userId}`);
      const stale = new Set(consensus.staleVoters);
      const item: SynthesisBlock = {
        id,
        kind: block.kind,
        level: block.level ?? null,
        text: block.text,
        fingerprint: block.fingerprint,
        path: block.path,
        status: consensus.status,
        stale: consensus.stale,
        disputes: consensus.current
          .filter((v) => v.stance === 'dispute')
          .map((v) => ({ ...person(v.userId), reason: v.reason ?? '', at: vote(v.userId)?.at ?? new Date(v.at).toISOString() })),
        agreedBy: consensus.current.filter((v) => v.stance === 'agree').map((v) => person(v.userId)),
        staleVotes: consensus.staleVoters.flatMap((userId) => {
          const v = vote(userId);
          if (!v) return [];
          return [
            { ...person(userId), stance: v.stance, reason: v.reason, at: v.at, votedText: v.text, diff: wordDiff(v.text, block.text) },
          ];
        }),
        notYetVoted: consensus.pending.filter((userId) => !stale.has(userId)).map(person),
        openThreads: threads.get(id) ?? [],
        proposals: proposals.get(id) ?? [],
      };
      const section = sectionAt(index);
      const last = sections.at(-1);
      if (last && last.key === section.key) last.blocks.push(item);
      else sections.push({ key: section.key, headingId: section.headingId, title: section.title, level: section.level, blocks: [item] });
    });

    const totals = view.rollup.totals;
    return {
      progress: {
        totalBlocks: totals.total,
        agreed: totals.agreed,
        notAgreed: totals.total - totals.agreed,
        disputed: totals.disputed,
        inReview: totals.in_review,
        unreviewed: totals.unreviewed,
        stale: totals.stale,
        shareAgreed: totals.shareAgreed,
        listed: sections.reduce((n, s) => n + s.blocks.length, 0),
        waiting: waiting.reduce((n, s) => n + s.blocks.length, 0),
      },
      rule,
      ruleText: describeConsensusRule(rule),
      commissioners: commissioners.map(person),
      sections,
      waiting,
      detachedThreads: [...threads.entries()].filter(([blockId]) => !positions.has(blockId)).flatMap(([, list]) => list),
    };
  }

  /**
   * Notifies the commissioners whose vote on the block is missing, stale, or a
   * dispute, and audits the request. Nobody concerned: nothing sent or recorded.
   */
  async requestReview(docId: string, actor: User, blockId: string, rawMessage: unknown): Promise<ReviewRequestedJson> {
    if (rawMessage !== undefined && rawMessage !== null && typeof rawMessage !== 'string')
      throw new DomainError('bad_request', 'message must be a string');
    const message = typeof rawMessage === 'string' ? rawMessage.trim() : '';
    if (message.length > MAX_REVIEW_MESSAGE_LENGTH)
      throw new DomainError('bad_request', `message must be at most ${MAX_REVIEW_MESSAGE_LENGTH} characters`);
    const waitMs = await this.comments.limiter.take(actor.id);
    if (waitMs > 0) throw rateLimited('too many requests at once; slow down', waitMs / 1000);
    const { view } = await this.consensus.view(docId);
    const entry = view.byId.get(blockId);
    if (!entry) throw new DomainError('not_found', 'no paragraph with this id in the document');
    const concerned = [
      ...entry.consensus.pending,
      ...entry.consensus.current.filter((v) => v.stance === 'dispute').map((v) => v.userId),
    ].filter((id) => id !== actor.id);
    if (concerned.length === 0) return { notified: [] };

    const summary = `${actor.name} asks you to review a paragraph again: “${snippet(message || entry.block.text)}”`;
    await this.notifications.notify(
      concerned.map((userId) => ({ userId, docId, kind: 'review_requested' as const, blockId, actorId: actor.id, text: summary })),
    );
    await this.stores.consensus.appendAudit({
      docId,
      at: this.now().toISOString(),
      actorId: actor.id,
      action: 'review.requested',
      blockId,
      details: { message: message || null, fingerprint: entry.block.fingerprint, notified: concerned },
    });
    const person = await peopleById(this.stores.accounts, concerned);
    return { notified: concerned.map(person) };
  }
}

/** The roll-up section holding the block at `index` (sections are in order, by start index). */
function sectionLookup(sections: readonly SectionRollup[]): (index: number) => SectionRollup {
  return (index) => {
    let lo = 0;
    let hi = sections.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sections[mid]!.start <= index) lo = mid;
      else hi = mid - 1;
    }
    return sections[lo]!;
  };
}
