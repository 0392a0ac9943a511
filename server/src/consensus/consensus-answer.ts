/**
 * GET /api/docs/:id/consensus as JSON text, built in pieces.
 *
 * On a reviewed 150-page report the answer is ~7 MB (1,670 blocks × 16 votes).
 * Built as one object and one `JSON.stringify`, each request held the event loop
 * for 0.5–1.5 s on this machine — every other socket's edits waited, and a
 * commission opening the report at 9:00 froze everyone's typing (issue 21). So:
 * - each block's JSON is kept, keyed by its status object, which `ConsensusIndex`
 *   reuses exactly while the block's wording and votes are unchanged: after one
 *   edit or one vote, one block is serialised again;
 * - the answer is handed out as pieces of a few dozen blocks; the transport
 *   yields to the event loop between pieces (http/streamed-json.ts).
 * The text is what `JSON.stringify` of the whole `ConsensusJson` gives (a test
 * compares them).
 */
import {
  describeConsensusRule,
  wordDiff,
  type BlockConsensus,
  type ConsensusBlockJson,
  type ConsensusJson,
  type ConsensusRule,
  type ConsensusView,
  type ConsensusVoteJson,
  type DocBlock,
  type ProposalJson,
} from '@concord/shared';
import type { StoredVote } from '../store/types.js';
import { proposalSummary } from '../proposals/proposal-json.js';

export interface ConsensusAnswerInput {
  view: ConsensusView;
  /** Stored votes per block id. */
  storedByBlock: ReadonlyMap<string, readonly StoredVote[]>;
  rule: ConsensusRule;
  commissioners: readonly string[];
  /** Display names of the commissioners and of everyone who voted. */
  names: ReadonlyMap<string, string>;
  proposalsByBlock: ReadonlyMap<string, readonly ProposalJson[]>;
}

export interface ConsensusAnswerStats {
  blocks: number;
  /** Blocks whose JSON was built (not reused) for the last answer. */
  built: number;
  pieces: number;
}

interface Fragment {
  key: string;
  /**
   * The block's JSON up to and including `"votes":[…]`, without the closing brace (its proposals
   * follow), as UTF-8: encoding is most of the cost of sending it (a report's text has characters
   * outside Latin-1, and V8 encodes such strings slowly), so it is paid once per change.
   */
  json: Buffer;
}

const NO_PROPOSALS = Buffer.from(',"proposals":[]}');
const COMMA = Buffer.from(',');

/** Blocks per piece: a piece of blocks built afresh costs a few milliseconds. */
const BLOCKS_PER_PIECE = 48;
const REMEMBERED_CONTEXTS = 64;

export class ConsensusAnswers {
  private readonly fragments = new WeakMap<BlockConsensus, Fragment>();
  private stats: ConsensusAnswerStats = { blocks: 0, built: 0, pieces: 0 };
  /**
   * Each document's names and commissioners as a short tag that fragments are keyed with (one
   * instance serves every document; a few dozen recent contexts are remembered).
   */
  private readonly contextTags = new Map<string, number>();
  private nextTag = 0;

  /** What the last completed answer had to build; tests assert it follows what changed. */
  get lastStats(): Readonly<ConsensusAnswerStats> {
    return this.stats;
  }

  /** The answer as UTF-8, piece by piece; each piece's blocks are serialised when it is asked for. */
  *pieces(input: ConsensusAnswerInput): Generator<Uint8Array, void, undefined> {
    const { view, rule, commissioners, names } = input;
    const stats: ConsensusAnswerStats = { blocks: view.entries.length, built: 0, pieces: 0 };
    // Names and who counts show in every block's votes: a change to either rebuilds them all.
    const context = this.tagOf(JSON.stringify([commissioners, [...names]]));
    const head = JSON.stringify({
      rule,
      ruleText: describeConsensusRule(rule),
      commissioners: commissioners.map((id) => ({ userId: id, name: names.get(id)! })),
    } satisfies Pick<ConsensusJson, 'rule' | 'ruleText' | 'commissioners'>);
    let piece: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"blocks":[`)];
    for (let i = 0; i < view.entries.length; i++) {
      const { block, consensus } = view.entries[i]!;
      if (i > 0) piece.push(COMMA);
      piece.push(...this.blockJson(block, consensus, input, context, stats));
      if ((i + 1) % BLOCKS_PER_PIECE === 0) {
        stats.pieces++;
        yield Buffer.concat(piece);
        piece = [];
      }
    }
    const tail = JSON.stringify({
      sections: view.rollup.sections,
      totals: view.rollup.totals,
      coverage: view.rollup.coverage,
      orphaned: view.orphaned,
    } satisfies Pick<ConsensusJson, 'sections' | 'totals' | 'coverage' | 'orphaned'>);
    stats.pieces++;
    this.stats = stats;
    piece.push(Buffer.from(`],${tail.slice(1)}`));
    yield Buffer.concat(piece);
  }

  private tagOf(contextText: string): string {
    let tag = this.contextTags.get(contextText);
    if (tag === undefined) tag = this.nextTag++;
    this.contextTags.delete(contextText);
    this.contextTags.set(contextText, tag);
    if (this.contextTags.size > REMEMBERED_CONTEXTS) this.contextTags.delete(this.contextTags.keys().next().value!);
    return String(tag);
  }

  /** The block's JSON as two buffers: the kept part, then its proposals. */
  private blockJson(
    block: DocBlock,
    consensus: BlockConsensus,
    input: ConsensusAnswerInput,
    context: string,
    stats: ConsensusAnswerStats,
  ): [Buffer, Buffer] {
    const proposals = block.id ? (input.proposalsByBlock.get(block.id) ?? []) : [];
    const tail = proposals.length === 0 ? NO_PROPOSALS : Buffer.from(`,"proposals":${JSON.stringify(proposals.map(proposalSummary))}}`);
    // The status object is reused only while the wording and the very same votes are; the rest is checked here.
    const key = `${context}\u0000${block.id}\u0000${block.fingerprint}\u0000${block.sectionId}\u0000${block.path.join('\u0000')}`;
    const cached = this.fragments.get(consensus);
    if (cached?.key === key) return [cached.json, tail];
    stats.built++;
    const stored = block.id ? (input.storedByBlock.get(block.id) ?? []) : [];
    const text = JSON.stringify({
      id: block.id,
      kind: block.kind,
      level: block.level ?? null,
      text: block.text,
      fingerprint: block.fingerprint,
      sectionId: block.sectionId,
      path: block.path,
      status: consensus.status,
      stale: consensus.stale,
      agree: consensus.agree,
      dispute: consensus.dispute,
      pending: consensus.pending,
      votes: stored.map((v) => voteInView(v, block, input)),
    } satisfies Omit<ConsensusBlockJson, 'proposals'>);
    const json = Buffer.from(text.slice(0, -1));
    this.fragments.set(consensus, { key, json });
    return [json, tail];
  }
}

function voteInView(v: StoredVote, block: DocBlock, input: ConsensusAnswerInput): ConsensusVoteJson {
  const stale = v.fingerprint !== block.fingerprint;
  const counted = input.commissioners.includes(v.userId);
  const vote = {
    userId: v.userId,
    name: input.names.get(v.userId)!,
    stance: v.stance,
    reason: v.reason,
    at: v.at,
    fingerprint: v.fingerprint,
  };
  // A current vote's text is the block's `text`: sent once, not once per vote.
  return stale ? { ...vote, votedText: v.text, stale, counted, diff: wordDiff(v.text, block.text) } : { ...vote, stale, counted };
}
