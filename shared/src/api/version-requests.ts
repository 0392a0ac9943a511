/** Request bodies and queries for version history (docs/PROTOCOL.md, "Versions"; issue 18). */
import { z } from 'zod';
import { MAX_ID_LENGTH, MAX_VERSION_NAME_LENGTH } from './limits.js';
import { flag } from './query-flags.js';

export const versionBody = z.object({
  name: z
    .string({ error: 'is required: what this version is, e.g. "Draft sent to the commission, 12 March"' })
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_VERSION_NAME_LENGTH, `must be at most ${MAX_VERSION_NAME_LENGTH} characters`),
});
export type VersionBody = z.input<typeof versionBody>;

export const compareQuery = z.object({
  from: z.string({ error: 'is required: a version id' }).min(1, 'is required: a version id').max(MAX_ID_LENGTH),
  to: z
    .string()
    .min(1)
    .max(MAX_ID_LENGTH)
    .default('current')
    .describe('A version id, or `current` (the default): the document as it is now'),
  agreementChanged: flag.describe('1: only blocks whose agreement changed'),
});

/** Every field optional: without `blockId` the whole version is restored. */
export const restoreBody = z.object({
  blockId: z.string().min(1, 'must not be empty').max(MAX_ID_LENGTH).optional().describe('Restore only this block'),
});
export type RestoreBody = z.input<typeof restoreBody>;
