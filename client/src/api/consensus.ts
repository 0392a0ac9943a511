/**
 * Votes, the consensus view and the rule (docs/PROTOCOL.md, "Consensus"). The
 * shapes are the server's JSON; statuses are recomputed in the browser from
 * the same pure rules (`@concord/shared`), so only votes, commissioners and the
 * rule are really needed from here.
 */
import type { BatchVotesBody, RuleBody, VoteBody } from '@concord/shared';
import { answer, api, ApiError, enc, type AnswerOf } from './http';

const doc = api.docs[':id'];
const vote = doc.blocks[':blockId'].vote;

/** GET /api/docs/:id/consensus. */
export type ConsensusJson = AnswerOf<typeof doc.consensus.$get>;
/** GET /api/docs/:id/consensus/summary: the votes only, what the editor opens with. */
export type ConsensusSummaryJson = AnswerOf<typeof doc.consensus.summary.$get>;
/** One entry of the audit log (GET /api/docs/:id/audit), with the actor's display name. */
export type AuditEntryJson = AnswerOf<typeof doc.audit.$get>['entries'][number];
/** A vote as the server answers it (`at` is ISO 8601). */
export type VoteJson = AnswerOf<typeof vote.$put>['vote'];

/** A vote as sent: `fingerprint` is that of the text the voter saw (validated with the same schema on the server). */
export type VoteInput = VoteBody;

/** The server refused a vote because the block changed (409): what it reads now. */
export class VoteConflict extends Error {
  constructor(
    readonly fingerprint: string,
    readonly text: string,
  ) {
    super('This paragraph changed before your vote arrived.');
    this.name = 'VoteConflict';
  }
}

/** One block of a sign-off. */
export type BatchVote = BatchVotesBody['votes'][number];

/** Blocks whose wording on the server differs from what the voter saw (text null: deleted). */
export class SignOffConflict extends Error {
  constructor(readonly changed: { blockId: string; text: string | null }[]) {
    super(`${changed.length === 1 ? 'One paragraph' : `${changed.length} paragraphs`} changed since you read them; nothing was recorded.`);
    this.name = 'SignOffConflict';
  }
}

/** A 409 whose details say what the server reads now becomes `conflict(details)`; anything else is rethrown. */
async function orConflict<T>(pending: Promise<T>, conflict: (details: Record<string, unknown>) => Error | undefined): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof ApiError && err.status === 409 && typeof err.details === 'object' && err.details !== null)
      throw conflict(err.details as Record<string, unknown>) ?? err;
    throw err;
  }
}

const blockParam = (docId: string, blockId: string) => ({ param: { id: enc(docId), blockId: enc(blockId) } });

export const consensusApi = {
  get: (docId: string) => answer(doc.consensus.$get({ param: { id: enc(docId) } })),
  /** Every vote in compact form (no reasons, times or texts): what the editor computes statuses from. */
  summary: (docId: string) => answer(doc.consensus.summary.$get({ param: { id: enc(docId) } })),
  /** Everyone's vote on one block, in full: what its popover shows beyond the summary. */
  blockVotes: async (docId: string, blockId: string): Promise<VoteJson[]> =>
    (await answer(doc.blocks[':blockId'].votes.$get(blockParam(docId, blockId)))).votes,
  /** The author sets the rule (PUT /rule); answers the rule now in force. */
  setRule: (docId: string, rule: RuleBody) => answer(doc.rule.$put({ param: { id: enc(docId) }, json: rule })),
  /** One page of the audit log, oldest first, after `after` (author and publishers; others 403). */
  audit: async (docId: string, after: number, limit: number) =>
    (await answer(doc.audit.$get({ param: { id: enc(docId) }, query: { after: String(after), limit: String(limit) } }))).entries,
  /** Casts a vote; throws VoteConflict on 409, ApiError otherwise. */
  vote: async (docId: string, blockId: string, input: VoteInput): Promise<VoteJson> =>
    (
      await orConflict(answer(vote.$put({ ...blockParam(docId, blockId), json: input })), ({ fingerprint, text }) =>
        typeof fingerprint === 'string' && typeof text === 'string' ? new VoteConflict(fingerprint, text) : undefined,
      )
    ).vote,
  withdraw: (docId: string, blockId: string) => answer(vote.$delete(blockParam(docId, blockId))),
  /** Sign-off by section: all or nothing; throws SignOffConflict on 409 (nothing recorded). */
  voteMany: async (docId: string, votes: BatchVote[], sectionId?: string): Promise<VoteJson[]> =>
    (
      await orConflict(
        answer(doc.votes.$post({ param: { id: enc(docId) }, json: { votes, ...(sectionId ? { sectionId } : {}) } })),
        ({ changed }) => (Array.isArray(changed) ? new SignOffConflict(changed as SignOffConflict['changed']) : undefined),
      )
    ).votes,
};
