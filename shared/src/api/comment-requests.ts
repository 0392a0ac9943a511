/**
 * Request bodies and queries for comment threads (docs/PROTOCOL.md, "Threads").
 * The text is checked by the comment service (trimmed, not empty, bounded), so
 * the CLI and any later caller get the same rule.
 */
import { z } from 'zod';
import { DEFAULT_THREADS_LISTED, MAX_ID_LENGTH, MAX_THREADS_LISTED } from './limits.js';
import { flag, wholeNumber } from './query-flags.js';

export const createThreadBody = z.object({
  blockId: z.string({ error: 'is required' }).min(1, 'is required').max(MAX_ID_LENGTH),
  quote: z.string().nullable().optional(),
  text: z.unknown(),
});
export type CreateThreadBody = z.input<typeof createThreadBody>;

export const commentTextBody = z.object({ text: z.unknown() });
export type CommentTextBody = z.input<typeof commentTextBody>;

export const threadsQuery = z.object({
  status: z.enum(['open', 'resolved', 'all'], { error: 'must be open, resolved or all' }).default('all'),
  mine: flag,
  blockId: z.string().optional(),
  /** `nextCursor` of the previous page; absent for the first. */
  cursor: z.string().min(1).max(MAX_ID_LENGTH).optional(),
  limit: wholeNumber(1, MAX_THREADS_LISTED, DEFAULT_THREADS_LISTED),
});
