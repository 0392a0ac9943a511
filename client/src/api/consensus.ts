/**
 * Votes, the consensus view and the rule (docs/PROTOCOL.md, "Consensus"). The
 * shapes are the server's JSON; statuses are recomputed in the browser from
 * the same pure rules (`@concord/shared`), so only votes, commissioners and the
 * rule are really needed from here.
 */
import type { BatchVotesBody, ConsensusJson, OkJson, VoteBody, VoteJson } from '@concord/shared';
import { ApiError, failedResponse, request } from './http';

/** The server's answers, declared once in @concord/shared (`at` is ISO 8601). */
export type { ConsensusJson, VoteJson };

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

const doc = (id: string) => `/api/docs/${encodeURIComponent(id)}`;
const voteUrl = (docId: string, blockId: string) => `${doc(docId)}/blocks/${encodeURIComponent(blockId)}/vote`;

export const consensusApi = {
  get: (docId: string) => request<ConsensusJson>('GET', `${doc(docId)}/consensus`),
  /** Casts a vote; throws VoteConflict on 409, ApiError otherwise. */
  vote: async (docId: string, blockId: string, input: VoteInput): Promise<VoteJson> => (await putVote(voteUrl(docId, blockId), input)).vote,
  withdraw: (docId: string, blockId: string) => request<OkJson>('DELETE', voteUrl(docId, blockId)),
  /** Sign-off by section: all or nothing; throws SignOffConflict on 409 (nothing recorded). */
  voteMany: (docId: string, votes: BatchVote[], sectionId?: string) =>
    postVotes(`${doc(docId)}/votes`, { votes, ...(sectionId ? { sectionId } : {}) }),
};

/** One block of a sign-off. */
export type BatchVote = BatchVotesBody['votes'][number];

/** Blocks whose wording on the server differs from what the voter saw (text null: deleted). */
export class SignOffConflict extends Error {
  constructor(readonly changed: { blockId: string; text: string | null }[]) {
    super(`${changed.length === 1 ? 'One paragraph' : `${changed.length} paragraphs`} changed since you read them; nothing was recorded.`);
    this.name = 'SignOffConflict';
  }
}

async function postVotes(url: string, body: { votes: BatchVote[]; sectionId?: string }): Promise<VoteJson[]> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Concord server. Check your connection and try again.');
  }
  const json = (await res.json().catch(() => undefined)) as
    | {
        votes?: VoteJson[];
        error?: { code?: string; message?: string; details?: { changed?: { blockId: string; text: string | null }[] } };
      }
    | undefined;
  if (res.ok && json?.votes) return json.votes;
  const error = json?.error;
  if (res.status === 409 && Array.isArray(error?.details?.changed)) throw new SignOffConflict(error.details.changed);
  throw failedResponse(res.status, json);
}

/**
 * PUT with the 409 details kept: the shared `request` has no PUT and drops
 * `details`, and the conflict answer is the point of this call.
 */
async function putVote(url: string, input: VoteInput): Promise<{ vote: VoteJson }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Concord server. Check your connection and try again.');
  }
  const body = (await res.json().catch(() => undefined)) as
    { vote?: VoteJson; error?: { code?: string; message?: string; details?: { fingerprint?: unknown; text?: unknown } } } | undefined;
  if (res.ok && body?.vote) return { vote: body.vote };
  const error = body?.error;
  const details = error?.details;
  if (res.status === 409 && typeof details?.fingerprint === 'string' && typeof details.text === 'string')
    throw new VoteConflict(details.fingerprint, details.text);
  throw failedResponse(res.status, body);
}
