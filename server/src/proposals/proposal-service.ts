/**
 * Proposals (issue 16; rules C25–C31): the only caller of the proposal store.
 * Checks every request against the server's own copy of the document, writes
 * with the audit entry in the same transaction (the store does that), and
 * tells every open client of the document (`proposal.changed` events).
 *
 * Adoption is the delicate part (see `adopt`): the block is checked and the
 * shared document changed in one synchronous step, so no client update can
 * slip in between; the votes are recorded once that change is durable.
 */
import {
  adoptionVotes,
  can,
  checkAdoption,
  checkProposalContent,
  isFingerprint,
  isTextBlockType,
  MAX_PROPOSAL_RATIONALE_LENGTH,
  proposalConsensus,
  proposalIsOpen,
  type BlockNodeType,
  type ProposalBlockJSON,
} from '@concord/shared';
import { randomUUID } from 'node:crypto';
import type { Role, Stores, StoredVote, User } from '../store/types.js';
import type { StoredProposal, StoredProposalVote } from '../store/proposal-types.js';
import type { RoomManager } from '../sync/room-manager.js';
import type { Room } from '../sync/room.js';
import type { ConsensusService } from '../consensus/consensus-service.js';
import { voteJson } from '../consensus/consensus-service.js';
import { localRateLimiters, type RateLimiter, type RateLimiterFactory } from '../limits/rate-limiter.js';
import { DocLock } from './doc-lock.js';
import { ProposalError } from './proposal-error.js';
import { rateLimited } from '../domain/domain-error.js';
import type { EventBus } from '../events/event-bus.js';
import { proposalJson, toProposalVotes, type ProposalContext, type ProposalJson } from './proposal-json.js';
import { replaceBlock } from './replace-block.js';
import { displayName, peopleById, usersById } from '../auth/people.js';

export interface Actor {
  user: User;
  role: Role;
}
export interface ProposalInput {
  content: unknown;
  rationale?: string | null | undefined;
  base: string;
}
export interface ProposalFilter {
  state?: StoredProposal['state'] | undefined;
  blockId?: string | undefined;
}

export class ProposalService {
  private readonly lock = new DocLock();
  /** New proposals and revisions per person: a burst of 10, then one every 6 s. */
  private readonly writes: RateLimiter;
  /** Support/objection per person: like votes on text. */
  private readonly votes: RateLimiter;

  constructor(
    private readonly stores: Stores,
    private readonly rooms: RoomManager,
    private readonly consensus: ConsensusService,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
    /** Called before an adoption changes the document: version history's checkpoint (issue 18). */
    private readonly beforeReplace?: (docId: string, actorId: string) => Promise<unknown>,
    limits: RateLimiterFactory = localRateLimiters,
  ) {
    this.writes = limits('proposal-writes', 1 / 6, 10);
    this.votes = limits('proposal-votes', 5, 30);
  }

  async list(docId: string, filter: ProposalFilter = {}): Promise<ProposalJson[]> {
    const proposals = await this.stores.proposals.list(docId, {
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.blockId ? { blockId: filter.blockId } : {}),
    });
    return this.render(docId, proposals);
  }

  async get(docId: string, proposalId: string): Promise<ProposalJson> {
    return (await this.render(docId, [await this.find(docId, proposalId)]))[0]!;
  }

  async create(docId: string, actor: Actor, blockId: string, input: ProposalInput): Promise<ProposalJson> {
    await this.takeToken(this.writes, actor.user.id, 'too many proposals at once; wait a moment');
    const rationale = checkRationale(input.rationale);
    return this.lock.run(docId, () =>
      this.withRoom(docId, async (room) => {
        const block = this.consensus.blockNow(room, blockId);
        if (!block) throw new ProposalError('not_found', 'no paragraph with that id in this document');
        const content = this.checkContent(input, block);
        const at = this.now().toISOString();
        const proposal: StoredProposal = {
          id: randomUUID(),
          docId,
          blockId,
          authorId: actor.user.id,
          content: content.content,
          text: content.text,
          fingerprint: content.fingerprint,
          rationale,
          base: block.fingerprint,
          baseText: block.text,
          revision: 1,
          state: 'open',
          closedAs: null,
          forced: false,
          createdAt: at,
          updatedAt: at,
          resolvedBy: null,
          resolvedAt: null,
        };
        await this.stores.proposals.create(proposal);
        await this.proposerSupports(actor, proposal);
        return this.announce(docId, proposal.id);
      }),
    );
  }

  /** Rebase or revise (C29): only its proposer; a new revision, so support starts again. */
  async revise(docId: string, actor: Actor, proposalId: string, input: ProposalInput): Promise<ProposalJson> {
    await this.takeToken(this.writes, actor.user.id, 'too many proposal changes at once; wait a moment');
    const rationale = checkRationale(input.rationale);
    return this.lock.run(docId, () =>
      this.withRoom(docId, async (room) => {
        const proposal = await this.find(docId, proposalId);
        if (proposal.authorId !== actor.user.id)
          throw new ProposalError('forbidden', 'only the person who proposed it can revise a proposal');
        this.requireOpen(proposal);
        const block = this.consensus.blockNow(room, proposal.blockId);
        if (!block) throw new ProposalError('not_found', 'the paragraph this proposal is for no longer exists');
        const content = this.checkContent(input, block);
        const revised = await this.stores.proposals.revise(
          docId,
          proposalId,
          {
            content: content.content,
            text: content.text,
            fingerprint: content.fingerprint,
            rationale,
            base: block.fingerprint,
            baseText: block.text,
          },
          actor.user.id,
          this.now().toISOString(),
        );
        if (!revised) throw new ProposalError('conflict', 'this proposal is no longer open');
        await this.proposerSupports(actor, revised);
        return this.announce(docId, proposalId);
      }),
    );
  }

  async vote(
    docId: string,
    actor: Actor,
    proposalId: string,
    input: { stance: 'support' | 'object'; reason?: string | undefined },
  ): Promise<ProposalJson> {
    await this.takeToken(this.votes, actor.user.id, 'too many votes at once; slow down');
    const reason = input.reason?.trim() || null;
    if (input.stance === 'object' && !reason) throw new ProposalError('bad_request', 'an objection needs a reason');
    if ((reason ?? '').length > MAX_PROPOSAL_RATIONALE_LENGTH)
      throw new ProposalError('bad_request', `reason must be at most ${MAX_PROPOSAL_RATIONALE_LENGTH} characters`);
    return this.lock.run(docId, async () => {
      const proposal = await this.find(docId, proposalId);
      this.requireOpen(proposal);
      const vote: StoredProposalVote = {
        docId,
        proposalId,
        userId: actor.user.id,
        stance: input.stance,
        reason,
        revision: proposal.revision,
        at: this.now().toISOString(),
      };
      if (!(await this.stores.proposals.putVote(vote)))
        throw new ProposalError('conflict', 'this proposal changed while you were voting; read it again');
      return this.announce(docId, proposalId);
    });
  }

  async withdrawVote(docId: string, actor: Actor, proposalId: string): Promise<ProposalJson> {
    await this.takeToken(this.votes, actor.user.id, 'too many votes at once; slow down');
    return this.lock.run(docId, async () => {
      const proposal = await this.find(docId, proposalId);
      this.requireOpen(proposal);
      if (!(await this.stores.proposals.withdrawVote(docId, proposalId, actor.user.id, this.now().toISOString()))) {
        throw new ProposalError('not_found', 'you have no vote on the current version of this proposal');
      }
      return this.announce(docId, proposalId);
    });
  }

  /** Withdraw (its proposer) or reject (the document's author) (C30). */
  async close(docId: string, actor: Actor, proposalId: string, as: 'withdrawn' | 'rejected'): Promise<ProposalJson> {
    return this.lock.run(docId, async () => {
      const proposal = await this.find(docId, proposalId);
      if (as === 'withdrawn' && proposal.authorId !== actor.user.id)
        throw new ProposalError('forbidden', 'only the person who proposed it can withdraw a proposal');
      if (as === 'rejected' && !can(actor.role, 'manage')) throw new ProposalError('forbidden', 'only the author can reject a proposal');
      this.requireOpen(proposal);
      if (!(await this.stores.proposals.close(docId, proposalId, as, actor.user.id, this.now().toISOString())))
        throw new ProposalError('conflict', 'this proposal is no longer open');
      return this.announce(docId, proposalId);
    });
  }

  /**
   * Adopts a proposal (C27, C28): replaces the block in the shared document and
   * records the supporters' agreement on the new text, or refuses with nothing
   * changed. One adoption per document at a time (the lock), so of two racing
   * adoptions on one block the second finds the block changed: 409.
   */
  async adopt(
    docId: string,
    actor: Actor,
    proposalId: string,
    options: { force: boolean },
  ): Promise<{ proposal: ProposalJson; block: { id: string; fingerprint: string; text: string } }> {
    return this.lock.run(docId, () =>
      this.withRoom(docId, async (room) => {
        const proposal = await this.find(docId, proposalId);
        if (proposal.state === 'open') await this.beforeReplace?.(docId, actor.user.id);
        const [votes, commissioners, rule] = await Promise.all([
          this.votesOf(docId, proposalId),
          this.consensus.commissioners(docId),
          this.consensus.rule(docId),
        ]);
        const consensus = proposalConsensus({ revision: proposal.revision, votes: toProposalVotes(votes), commissioners, rule });

        // No await from here to the document change: the block checked is the block replaced.
        const before = this.consensus.blockNow(room, proposal.blockId);
        const check = checkAdoption({
          state: proposal.state,
          base: proposal.base,
          currentFingerprint: before?.fingerprint,
          consensus,
          force: options.force,
          callerIsAuthor: actor.role === 'author',
        });
        if (!check.ok)
          throw new ProposalError(check.code, check.message, before ? { fingerprint: before.fingerprint, text: before.text } : undefined);
        if (!replaceBlock(room.doc, proposal.blockId, proposal.content as ProposalBlockJSON))
          throw new ProposalError('not_found', 'the paragraph this proposal is for no longer exists');
        const after = this.consensus.blockNow(room, proposal.blockId)!;

        // Votes are recorded only once the new text is durable: a crash in between leaves
        // new text without fabricated agreement (the proposal stays open, outdated), never the reverse.
        await new Promise<void>((resolve) => room.afterCommit(resolve));
        if (room.isClosed) throw new ProposalError('conflict', 'the document could not be saved; the proposal was not adopted');
        const at = this.now().toISOString();
        const blockVotes: StoredVote[] = adoptionVotes(consensus, after.fingerprint, Date.parse(at)).map((v) => ({
          docId,
          blockId: proposal.blockId,
          userId: v.userId,
          stance: v.stance,
          reason: v.reason ?? null,
          fingerprint: v.fingerprint,
          text: after.text,
          at,
        }));
        const adopted = await this.stores.proposals.adopt({
          docId,
          proposalId,
          revision: proposal.revision,
          actorId: actor.user.id,
          at,
          forced: check.forced,
          blockVotes,
          previousText: before!.text,
        });
        if (!adopted) throw new ProposalError('conflict', 'this proposal changed while it was being adopted');
        const person = await peopleById(
          this.stores.accounts,
          blockVotes.map((v) => v.userId),
        );
        for (const vote of blockVotes)
          await this.bus.publish({
            type: 'vote.changed',
            docId,
            blockId: vote.blockId,
            userId: vote.userId,
            vote: voteJson(vote, person(vote.userId).name),
          });
        return {
          proposal: await this.announce(docId, proposalId),
          block: { id: proposal.blockId, fingerprint: after.fingerprint, text: after.text },
        };
      }),
    );
  }

  /** The open proposals of every block, for the consensus view. */
  async openByBlock(docId: string): Promise<Map<string, ProposalJson[]>> {
    const map = new Map<string, ProposalJson[]>();
    for (const p of await this.list(docId, { state: 'open' })) map.set(p.blockId, [...(map.get(p.blockId) ?? []), p]);
    return map;
  }

  private checkContent(input: ProposalInput, block: { kind: BlockNodeType; fingerprint: string; text: string }) {
    // A proposal rewords text; a table or a figure is changed in the editor (and agreed again, C34, C35).
    if (!isTextBlockType(block.kind))
      throw new ProposalError('bad_request', `proposals are for paragraphs and headings, not a ${block.kind}`);
    if (!isFingerprint(input.base))
      throw new ProposalError('bad_request', 'base must be the 64-character hex fingerprint of the text you read');
    const content = checkProposalContent(input.content, block.kind);
    if (!content.ok) throw new ProposalError('bad_request', content.errors.join('; '));
    if (input.base !== block.fingerprint) {
      throw new ProposalError('conflict', 'this paragraph changed since you read it; write your proposal against the current text', {
        fingerprint: block.fingerprint,
        text: block.text,
      });
    }
    return content;
  }

  /** C26: a commissioner who proposes a wording supports it, from its first revision on. */
  private async proposerSupports(actor: Actor, proposal: StoredProposal): Promise<void> {
    if (actor.role !== 'commissioner') return;
    await this.stores.proposals.putVote({
      docId: proposal.docId,
      proposalId: proposal.id,
      userId: actor.user.id,
      stance: 'support',
      reason: null,
      revision: proposal.revision,
      at: this.now().toISOString(),
    });
  }

  private requireOpen(proposal: StoredProposal): void {
    if (!proposalIsOpen(proposal.state))
      throw new ProposalError(
        'conflict',
        `this proposal is ${proposal.state === 'adopted' ? 'adopted' : (proposal.closedAs ?? 'closed')}; it can no longer change`,
      );
  }

  private async find(docId: string, proposalId: string): Promise<StoredProposal> {
    const proposal = await this.stores.proposals.get(docId, proposalId);
    if (!proposal) throw new ProposalError('not_found', 'no such proposal in this document');
    return proposal;
  }

  private async votesOf(docId: string, proposalId: string): Promise<StoredProposalVote[]> {
    return (await this.stores.proposals.listVotes(docId)).filter((v) => v.proposalId === proposalId);
  }

  /** Sends the proposal as it is now to every open client of the document, and returns it. */
  private async announce(docId: string, proposalId: string): Promise<ProposalJson> {
    const json = await this.get(docId, proposalId);
    await this.bus.publish({ type: 'proposal.changed', docId, proposalId, blockId: json.blockId, proposal: json });
    return json;
  }

  private async render(docId: string, proposals: StoredProposal[]): Promise<ProposalJson[]> {
    if (proposals.length === 0) return [];
    const ids = new Set(proposals.map((p) => p.id));
    const [votes, commissioners, rule] = await Promise.all([
      this.stores.proposals.listVotes(docId),
      this.consensus.commissioners(docId),
      this.consensus.rule(docId),
    ]);
    const relevant = votes.filter((v) => ids.has(v.proposalId));
    const people = await usersById(this.stores.accounts, [
      ...proposals.flatMap((p) => [p.authorId, p.resolvedBy ?? p.authorId]),
      ...relevant.map((v) => v.userId),
      ...commissioners,
    ]);
    const names = new Map([...people].map(([id, u]) => [id, displayName(id, u)]));
    const colors = new Map([...people].flatMap(([id, u]) => (u ? [[id, u.color] as const] : [])));
    return this.withRoom(docId, async (room) => {
      const ctx: ProposalContext = { commissioners, rule, names, colors, block: (blockId) => this.consensus.blockNow(room, blockId) };
      return proposals.map((p) =>
        proposalJson(
          p,
          relevant.filter((v) => v.proposalId === p.id),
          ctx,
        ),
      );
    });
  }

  private async takeToken(limiter: RateLimiter, userId: string, message: string): Promise<void> {
    const retryAfterMs = await limiter.take(userId);
    if (retryAfterMs > 0) throw rateLimited(message, retryAfterMs / 1000);
  }

  private async withRoom<T>(docId: string, fn: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.rooms.acquire(docId);
    try {
      return await fn(room);
    } finally {
      this.rooms.release(room);
    }
  }
}

function checkRationale(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw new ProposalError('bad_request', 'rationale must be text');
  if (raw.length > MAX_PROPOSAL_RATIONALE_LENGTH)
    throw new ProposalError('bad_request', `rationale must be at most ${MAX_PROPOSAL_RATIONALE_LENGTH} characters`);
  return raw.trim() || null;
}
