/** Request bodies and queries for votes, the rule and the audit log (docs/PROTOCOL.md, "Consensus"). */
import { z } from 'zod';
import { MAX_RULE_COUNT } from '../consensus/rules.js';
import { MAX_AUDIT_LISTED, MAX_BATCH_VOTES, MAX_ID_LENGTH, MAX_REASON_LENGTH } from './limits.js';
import { wholeNumber } from './query-flags.js';

export const voteBody = z.object({
  stance: z.enum(['agree', 'dispute'], { error: 'must be "agree" or "dispute"' }),
  reason: z.string().max(MAX_REASON_LENGTH, `must be at most ${MAX_REASON_LENGTH} characters`).optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{16,128}$/, 'must be the hex fingerprint of the block you read'),
});
export type VoteBody = z.input<typeof voteBody>;

export const batchVotesBody = z.object({
  votes: z
    .array(voteBody.extend({ blockId: z.string().min(1).max(MAX_ID_LENGTH) }))
    .min(1, 'must list at least one block')
    .max(MAX_BATCH_VOTES, `at most ${MAX_BATCH_VOTES} votes at once`)
    .refine((votes) => new Set(votes.map((v) => v.blockId)).size === votes.length, 'each block may appear once'),
  sectionId: z.string().min(1).max(MAX_ID_LENGTH).optional(),
});
export type BatchVotesBody = z.input<typeof batchVotesBody>;

const count = (min: number) => z.number().int().min(min).max(MAX_RULE_COUNT);
/** The same rules as parseConsensusRule (which the service applies again, for the CLI too). */
export const ruleBody = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('unanimous') }).strict(),
    z.object({ kind: z.literal('quorum'), minAgree: count(1), maxDispute: count(0) }).strict(),
  ],
  { error: 'kind must be "unanimous" or "quorum"' },
);
export type RuleBody = z.input<typeof ruleBody>;

export const auditQuery = z.object({
  after: wholeNumber(0, Number.MAX_SAFE_INTEGER, 0).describe('Entries after this sequence number'),
  limit: wholeNumber(1, MAX_AUDIT_LISTED, 1000),
});
