/**
 * GET /api/docs/:id/consensus/summary: the votes as the consensus rules read them, and nothing
 * else. The editor recomputes every status itself from the votes (client/src/consensus), so at
 * opening it needs who voted which way on which wording — not the names, reasons, times and
 * texts the full answer repeats for every vote. On the reviewed 150-page report (16 commissioners'
 * votes on all 1,670 blocks) the full answer is ~7 MB, most of it that per-vote detail, and it was
 * downloaded, parsed and turned into objects on every open (issue 11); this form writes each
 * block's fingerprint once per wording voted on and each person as a position.
 *
 * It reads the stored votes only — not the document — so the first open of a report does not
 * wait for the server to load, convert and hash it for this answer. The blocks part is kept
 * while the store hands out the same vote list (it does until a vote changes).
 */
import {
  describeConsensusRule,
  type ConsensusRule,
  type ConsensusSummaryJson,
  type Person,
  type SummaryVoteGroupJson,
} from '@concord/shared';
import type { StoredVote } from '../store/types.js';

/** A document's votes grouped for the answer. */
export interface SummaryVotes {
  /** User ids in first-vote order: a vote names its voter by position here. */
  voterIds: readonly string[];
  /** `"blocks":[…]` as JSON text. */
  blocksJson: string;
}

export class ConsensusSummaries {
  private readonly kept = new WeakMap<readonly StoredVote[], SummaryVotes>();
  /** Vote lists grouped afresh (not reused) so far; tests assert an unchanged list is reused. */
  groupings = 0;

  /** The votes grouped per block and wording; the same list (the store's, until a vote changes) is grouped once. */
  group(votes: readonly StoredVote[]): SummaryVotes {
    const kept = this.kept.get(votes);
    if (kept) return kept;
    this.groupings++;
    const position = new Map<string, number>();
    const byBlock = new Map<string, Map<string, SummaryVoteGroupJson>>();
    for (const v of votes) {
      let voter = position.get(v.userId);
      if (voter === undefined) position.set(v.userId, (voter = position.size));
      let wordings = byBlock.get(v.blockId);
      if (!wordings) byBlock.set(v.blockId, (wordings = new Map<string, SummaryVoteGroupJson>()));
      let group = wordings.get(v.fingerprint);
      if (!group) wordings.set(v.fingerprint, (group = { fingerprint: v.fingerprint, agree: [], dispute: [] }));
      group[v.stance].push(voter);
    }
    const blocks: ConsensusSummaryJson['blocks'] = [...byBlock].map(([id, wordings]) => ({ id, votes: [...wordings.values()] }));
    const grouped = { voterIds: [...position.keys()], blocksJson: JSON.stringify(blocks) };
    this.kept.set(votes, grouped);
    return grouped;
  }

  /** The answer as JSON text (hundreds of kilobytes on a reviewed report, not megabytes). */
  json(votes: SummaryVotes, rule: ConsensusRule, commissioners: readonly string[], person: (userId: string) => Person): string {
    const head = JSON.stringify({
      rule,
      ruleText: describeConsensusRule(rule),
      commissioners: commissioners.map(person),
      voters: votes.voterIds.map(person),
    } satisfies Omit<ConsensusSummaryJson, 'blocks'>);
    return `${head.slice(0, -1)},"blocks":${votes.blocksJson}}`;
  }
}
