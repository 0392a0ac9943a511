/** Request bodies and queries for proposals (docs/PROTOCOL.md, "Proposals"). */
import { z } from 'zod';

export const proposalBody = z.object({
  content: z.unknown().refine((v) => v !== undefined, 'is required: one block as ProseMirror JSON'),
  rationale: z.string().nullable().optional(),
  base: z.string({ error: 'is required: the fingerprint of the text you read' }),
});
export type ProposalBody = z.input<typeof proposalBody>;

export const proposalVoteBody = z.object({
  stance: z.enum(['support', 'object'], { error: 'must be "support" or "object"' }),
  reason: z.string().optional(),
});
export type ProposalVoteBody = z.input<typeof proposalVoteBody>;

/** Every field optional: the body may be left out. */
export const adoptBody = z.object({ force: z.boolean().optional() });
export type AdoptBody = z.input<typeof adoptBody>;

export const proposalsQuery = z.object({
  status: z.enum(['open', 'adopted', 'closed'], { error: 'must be open, adopted or closed' }).optional(),
  block: z.string().optional().describe('Only proposals for this block'),
});
