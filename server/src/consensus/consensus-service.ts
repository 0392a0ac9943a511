/**
 * Votes are server-authoritative: checked against the server's own copy of the
 * document, recorded with the audit log, and pushed to every connected client.
 * Statuses are derived (never stored) with the pure rules in @concord/shared.
 */
import {
  ConsensusIndex,
  DEFAULT_CONSENSUS_RULE,
  checkVoteTarget,
  parseConsensusRule,
  LiveProseMirror,
  type ydocToProseMirror,
  type ConsensusRule,
  type DocBlock,
  type Vote,
  type VoteJson,
} from '@concord/shared';
import { createHash } from 'node:crypto';
import type { Stores, StoredVote, User } from '../store/types.js';
import type { RoomManager } from '../sync/room-manager.js';
import type { Room } from '../sync/room.js';
import type { EventBus } from '../events/event-bus.js';
import { DomainError } from '../domain/domain-error.js';
import { ConsensusAnswers } from './consensus-answer.js';
import { ConsensusSummaries } from './consensus-summary.js';
import { peopleById } from '../auth/people.js';
import { ruleVote, VoteGroups } from './vote-groups.js';
import { MAX_REASON_LENGTH } from '@concord/shared';
/** Limits of the HTTP contract, declared once in @concord/shared (api/limits.ts). */
export { MAX_REASON_LENGTH };

type PMNode = ReturnType<typeof ydocToProseMirror>;

/** node:crypto's SHA-256: about 5× faster than the portable one on a 1,500-block report. */
const nativeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface DocCache {
  /** Statuses for the consensus view (votes, commissioners, rule). */
  index: ConsensusIndex;
  /**
   * Blocks only, for checking votes. Kept apart from `index` because asking one
   * index with no votes and then with votes would throw its status cache away
   * on every call.
   */
  blocks: ConsensusIndex;
  /** Votes grouped per block, unchanged votes keeping their objects (vote-groups.ts). */
  votes: VoteGroups;
  /** The room's document as ProseMirror, converted again block by block as it changes. */
  pm: LiveProseMirror;
}

export interface VoteInput {
  stance: 'agree' | 'dispute';
  reason?: string | undefined;
  fingerprint: string;
}

export interface BatchVoteInput extends VoteInput {
  blockId: string;
}

export class ConsensusService {
  private readonly caches = new WeakMap<Room, DocCache>();

  constructor(
    private readonly stores: Stores,
    private readonly rooms: RoomManager,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** GET …/consensus as JSON text, each block's kept while it is unchanged. */
  readonly answers = new ConsensusAnswers();
  /** GET …/consensus/summary: the votes grouped once per change of the store's list. */
  readonly summaries = new ConsensusSummaries();

  async rule(docId: string): Promise<ConsensusRule> {
    const stored = await this.stores.consensus.getRule(docId);
    if (stored === undefined) return DEFAULT_CONSENSUS_RULE;
    const parsed = parseConsensusRule(stored);
    return parsed.ok ? parsed.rule : DEFAULT_CONSENSUS_RULE;
  }

  async setRule(docId: string, actor: User, input: unknown): Promise<ConsensusRule> {
    const parsed = parseConsensusRule(input);
    if (!parsed.ok) throw new DomainError('bad_request', parsed.errors.join('; '));
    await this.stores.consensus.setRule(docId, parsed.rule, actor.id, this.now().toISOString());
    await this.bus.publish({ type: 'rule.changed', docId, rule: parsed.rule });
    return parsed.rule;
  }

  /** The full consensus view of the document as the server sees it now. */
  async view(docId: string) {
    return this.withDocument(docId, async (room) => {
      const [stored, rule, commissioners] = await Promise.all([
        this.stores.consensus.listVotes(docId),
        this.rule(docId),
        this.commissioners(docId),
      ]);
      const grouped = this.cacheFor(room).votes.group(stored);
      const view = this.cacheFor(room).index.update(this.docNow(room), grouped.rules, commissioners, rule);
      return { view, stored, storedByBlock: grouped.stored, rule, commissioners };
    });
  }

  /**
   * GET …/consensus/summary as JSON text: the votes, the rule and the people, from the store alone.
   * The document is not read (nor loaded, on a first open): the client fingerprints its own copy.
   */
  async summaryJson(docId: string): Promise<string> {
    const [stored, rule, commissioners] = await Promise.all([
      this.stores.consensus.listVotes(docId),
      this.rule(docId),
      this.commissioners(docId),
    ]);
    const votes = this.summaries.group(stored);
    const person = await peopleById(this.stores.accounts, [...commissioners, ...votes.voterIds]);
    return this.summaries.json(votes, rule, commissioners, person);
  }

  /** Everyone's vote on one block, in full (reason, time, the words voted on); none for a block nobody voted on. */
  async blockVotes(docId: string, blockId: string): Promise<VoteJson[]> {
    const votes = (await this.stores.consensus.listVotes(docId)).filter((v) => v.blockId === blockId);
    const person = await peopleById(
      this.stores.accounts,
      votes.map((v) => v.userId),
    );
    return votes.map((v) => voteJson(v, person(v.userId).name));
  }

  /** How many blocks wait for `userId`'s vote on their current wording (the document list shows it). */
  async needsReviewCount(docId: string, userId: string): Promise<number> {
    const { view } = await this.view(docId);
    let count = 0;
    for (const { block, consensus } of view.entries) if (block.id !== null && consensus.pending.includes(userId)) count++;
    return count;
  }

  async castVote(docId: string, voter: User, blockId: string, input: VoteInput): Promise<StoredVote> {
    if (input.stance === 'dispute' && !input.reason?.trim()) throw new DomainError('bad_request', 'a dispute needs a reason');
    if ((input.reason ?? '').length > MAX_REASON_LENGTH)
      throw new DomainError('bad_request', `reason must be at most ${MAX_REASON_LENGTH} characters`);
    return this.withDocument(docId, async (room) => {
      const block = this.currentBlocks(room).get(blockId);
      const check = checkVoteTarget(block, input.fingerprint);
      if (!check.ok) {
        if (check.code === 'not_found') throw new DomainError('not_found', check.message);
        throw new DomainError('conflict', check.message, { fingerprint: block!.fingerprint, text: block!.text });
      }
      const vote: StoredVote = {
        docId,
        blockId,
        userId: voter.id,
        stance: input.stance,
        reason: input.reason?.trim() || null,
        fingerprint: input.fingerprint,
        text: block!.text,
        at: this.now().toISOString(),
      };
      await this.stores.consensus.putVote(vote);
      await this.bus.publish({ type: 'vote.changed', docId, blockId, userId: voter.id, vote: voteJson(vote, voter.name) });
      return vote;
    });
  }

  /**
   * Several votes by one commissioner as one act (sign-off by section): every
   * block is checked against its current fingerprint first, and if any changed
   * or is gone, nothing is recorded and the error lists them all.
   */
  async castVotes(docId: string, voter: User, inputs: readonly BatchVoteInput[], sectionId: string | null): Promise<StoredVote[]> {
    for (const input of inputs) {
      if (input.stance === 'dispute' && !input.reason?.trim())
        throw new DomainError('bad_request', `a dispute needs a reason (block ${input.blockId})`);
      if ((input.reason ?? '').length > MAX_REASON_LENGTH)
        throw new DomainError('bad_request', `reason must be at most ${MAX_REASON_LENGTH} characters`);
    }
    return this.withDocument(docId, async (room) => {
      const blocks = this.currentBlocks(room);
      const changed: { blockId: string; fingerprint: string | null; text: string | null }[] = [];
      for (const input of inputs) {
        const block = blocks.get(input.blockId);
        if (!checkVoteTarget(block, input.fingerprint).ok)
          changed.push({ blockId: input.blockId, fingerprint: block?.fingerprint ?? null, text: block?.text ?? null });
      }
      if (changed.length > 0) {
        throw new DomainError(
          'conflict',
          `${changed.length} of ${inputs.length} blocks changed or were deleted since you read them; nothing was recorded`,
          { changed },
        );
      }
      const at = this.now().toISOString();
      const votes: StoredVote[] = inputs.map((input) => ({
        docId,
        blockId: input.blockId,
        userId: voter.id,
        stance: input.stance,
        reason: input.reason?.trim() || null,
        fingerprint: input.fingerprint,
        text: blocks.get(input.blockId)!.text,
        at,
      }));
      await this.stores.consensus.putVotes(votes, { docId, actorId: voter.id, at, sectionId });
      for (const vote of votes)
        await this.bus.publish({ type: 'vote.changed', docId, blockId: vote.blockId, userId: voter.id, vote: voteJson(vote, voter.name) });
      return votes;
    });
  }

  async withdrawVote(docId: string, voter: User, blockId: string): Promise<boolean> {
    const removed = await this.stores.consensus.withdrawVote(docId, blockId, voter.id, this.now().toISOString());
    if (removed) await this.bus.publish({ type: 'vote.changed', docId, blockId, userId: voter.id, vote: null });
    return removed;
  }

  async commissioners(docId: string): Promise<string[]> {
    // An invited commissioner counts once they have opened the document (issue 12): counting them
    // before would show whether their email has an account, and hold up agreement on someone who never came.
    return (await this.stores.members.listMembers(docId)).filter((m) => m.role === 'commissioner' && !m.invitation).map((m) => m.userId);
  }

  /**
   * The server's current view of one block, or undefined if it is gone.
   * Synchronous on purpose: a caller holding the room can check a block and
   * change the document in the same tick, with no client update in between
   * (proposal adoption relies on this).
   */
  blockNow(room: Room, blockId: string): DocBlock | undefined {
    return this.cacheFor(room).blocks.update(this.docNow(room), new Map(), [], DEFAULT_CONSENSUS_RULE).byId.get(blockId)?.block;
  }

  private currentBlocks(room: Room): Map<string, { fingerprint: string; text: string }> {
    const view = this.cacheFor(room).blocks.update(this.docNow(room), new Map(), [], DEFAULT_CONSENSUS_RULE);
    return new Map(view.entries.filter((e) => e.block.id !== null).map((e) => [e.block.id!, e.block]));
  }

  /** The server's copy of the document as ProseMirror, converted again block by block as it changes (versions capture it). */
  docNow(room: Room): PMNode {
    return this.cacheFor(room).pm.current();
  }

  /** Top-level blocks converted for this room's views so far (tests count them: whole-document work shows). */
  blocksConverted(room: Room): number {
    return this.caches.get(room)?.pm.converted ?? 0;
  }

  private cacheFor(room: Room): DocCache {
    let cache = this.caches.get(room);
    if (!cache) {
      // Lives as long as the room's document (the cache is keyed weakly by room).
      const created: DocCache = {
        index: new ConsensusIndex({ sha256: nativeSha256 }),
        blocks: new ConsensusIndex({ sha256: nativeSha256 }),
        votes: new VoteGroups(),
        pm: new LiveProseMirror(room.doc),
      };
      this.caches.set(room, (cache = created));
    }
    return cache;
  }

  private async withDocument<T>(docId: string, fn: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.rooms.acquire(docId);
    try {
      return await fn(room);
    } finally {
      this.rooms.release(room);
    }
  }
}

export function votesByBlock(stored: readonly StoredVote[]): Map<string, Vote[]> {
  const map = new Map<string, Vote[]>();
  for (const v of stored) {
    const list = map.get(v.blockId);
    if (list) list.push(ruleVote(v));
    else map.set(v.blockId, [ruleVote(v)]);
  }
  return map;
}

export function voteJson(v: StoredVote, userName: string): VoteJson {
  return { userId: v.userId, name: userName, stance: v.stance, reason: v.reason, at: v.at, fingerprint: v.fingerprint, votedText: v.text };
}
