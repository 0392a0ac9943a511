/** Request bodies and queries for notifications, synthesis, export and import. */
import { z } from 'zod';
import {
  DISSENT_ANNEX_MODES,
  MARKDOWN_IMAGE_MODES,
  PUBLISH_FORMATS,
  type DissentAnnexMode,
  type MarkdownImageMode,
  type PublishFormat,
} from '../export/types.js';
import { DEFAULT_NOTIFICATIONS_LISTED, MAX_ID_LENGTH, MAX_NOTIFICATIONS_LISTED, MAX_REVIEW_MESSAGE_LENGTH } from './limits.js';
import { flag, wholeNumber } from './query-flags.js';

export const markReadBody = z.union(
  [z.object({ all: z.literal(true) }).strict(), z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(500) }).strict()],
  { error: 'send {"ids": [...]} (1 to 500 ids) or {"all": true}' },
);
export type MarkReadBody = z.input<typeof markReadBody>;

export const notificationsQuery = z.object({
  unread: flag,
  limit: wholeNumber(1, MAX_NOTIFICATIONS_LISTED, DEFAULT_NOTIFICATIONS_LISTED),
});

/** Every field optional: the body may be left out. */
export const reviewRequestBody = z.object({
  message: z.string().max(MAX_REVIEW_MESSAGE_LENGTH, `must be at most ${MAX_REVIEW_MESSAGE_LENGTH} characters`).optional(),
});
export type ReviewRequestBody = z.input<typeof reviewRequestBody>;

export const exportQuery = z.object({
  scope: z
    .enum(['consensus', 'draft'], { error: 'must be consensus or draft' })
    .default('consensus')
    .describe('consensus: agreed blocks only; draft: everything'),
  record: flag.describe('1: append the record of who agreed to what'),
  keepRecommendationNumbers: flag.describe('1: a consensus export keeps the draft numbers of recommendations instead of renumbering them'),
  images: z
    .enum(MARKDOWN_IMAGE_MODES as [MarkdownImageMode, ...MarkdownImageMode[]], { error: 'must be references or zip' })
    .default('references')
    .describe('Markdown: references (one .md pointing at images/<sha256>.<ext>) or zip (the .md and its images in one .zip)'),
  placeholders: flag.describe('1: a consensus export puts "[Paragraph withheld: not agreed]" where each withheld block stood'),
  dissent: z
    .enum(DISSENT_ANNEX_MODES as [DissentAnnexMode, ...DissentAnnexMode[]], { error: 'must be none, anonymous or attributed' })
    .default('none')
    .describe('anonymous or attributed: append an annex with each disputed block and its dispute reasons (with or without names)'),
});

/** A version's export (issue 18): the file, or its manifest, as they were when the version was taken. */
const exportVersion = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_ID_LENGTH)
  .optional()
  .describe('Export this version (its words and votes as they were) instead of the document now');

export const exportFileQuery = exportQuery.extend({
  format: z
    .enum(PUBLISH_FORMATS as [PublishFormat, ...PublishFormat[]], { error: `must be one of ${PUBLISH_FORMATS.join(', ')}` })
    .default('md'),
  version: exportVersion,
});

export const exportManifestQuery = exportQuery.extend({ version: exportVersion });

/** POST /api/docs/:id/images with the raw bytes as the body. */
export const imageUploadQuery = z.object({
  filename: z.string().optional().describe('name of the file; its extension must agree with the content'),
});

export const importQuery = z.object({
  filename: z.string().optional().describe('Required unless sent as multipart (the name decides the format: .md, .html, .docx)'),
  title: z.string().optional(),
});
