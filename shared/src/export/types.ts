/**
 * Inputs and outputs of the export renderers. Statuses, votes and the rule are
 * inputs computed elsewhere (shared/src/consensus): the renderers only present them.
 */
import type { DocNode } from './doc-model.js';

export type ExportBlockStatus = 'unreviewed' | 'in_review' | 'disputed' | 'agreed';
export const EXPORT_BLOCK_STATUSES: readonly ExportBlockStatus[] = ['unreviewed', 'in_review', 'disputed', 'agreed'];

export interface ExportVote {
  userId: string;
  userName: string;
  stance: 'agree' | 'dispute';
  /** When the vote was cast: an ISO 8601 timestamp. */
  at: string;
  /** A dispute's reason; printed only in the annex of dissent. */
  reason?: string;
}

export interface ExportBlockState {
  status: ExportBlockStatus;
  /** Some vote on the block refers to older text. */
  stale: boolean;
  votes: readonly ExportVote[];
}

export type ConsensusRuleInput = { kind: 'unanimous' } | { kind: 'quorum'; minAgree: number; maxDispute: number };

export type ExportScope = 'consensus' | 'draft';

export interface ExportOptions {
  /** `consensus`: only agreed blocks (see filterConsensus). `draft`: everything, each block marked with its status. */
  scope: ExportScope;
  /** Append the consensus record: for every exported block, who agreed and when, and the rule in force. */
  includeRecord: boolean;
  /**
   * Consensus scope: recommendations keep the numbers they have in the draft
   * ("Recommendation 12" stays 12) instead of being renumbered (C31). Default false.
   */
  keepRecommendationNumbers?: boolean;
  /**
   * Markdown: `references` (default) writes one `.md` file whose figures point
   * at `images/<sha256>.<ext>`; `zip` writes a `.zip` holding that file and the images.
   */
  markdownImages?: MarkdownImageMode;
  /**
   * Consensus scope: each withheld block leaves "[Paragraph withheld: not
   * agreed]" (or Heading, Table, Figure) where it stood, instead of nothing. Default false.
   */
  withheldPlaceholders?: boolean;
  /**
   * An annex after the report with every disputed block's text and its dispute
   * reasons: `attributed` names each disputer, `anonymous` does not. Default `none`.
   */
  dissentAnnex?: DissentAnnexMode;
}

export type DissentAnnexMode = 'none' | 'anonymous' | 'attributed';
export const DISSENT_ANNEX_MODES: readonly DissentAnnexMode[] = ['none', 'anonymous', 'attributed'];

export type MarkdownImageMode = 'references' | 'zip';
export const MARKDOWN_IMAGE_MODES: readonly MarkdownImageMode[] = ['references', 'zip'];

/** The image types a figure may hold (checked by content on upload; SVG is never accepted). */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface ExportImage {
  mediaType: ImageMediaType;
  bytes: Uint8Array;
}

/** Default cap on the total size of the images one export embeds. */
export const DEFAULT_MAX_EXPORT_IMAGE_BYTES = 64 * 1024 * 1024;

/** An export refused before anything was written (the caller maps it to an HTTP error). */
export class ExportLimitError extends Error {
  override readonly name = 'ExportLimitError';
}

export interface ExportInput {
  title: string;
  /** ProseMirror JSON of the whole document (validated against the schema before rendering). */
  doc: DocNode | Record<string, unknown>;
  /** State of each block by block id; a block missing here is `unreviewed`. */
  blocks: ReadonlyMap<string, ExportBlockState>;
  rule: ConsensusRuleInput;
  /** ISO 8601 time printed in the output and used as the DOCX dates. Never read from the clock, so output is reproducible. */
  generatedAt?: string;
  options: ExportOptions;
  /** Image bytes by sha256, for the figures; a figure whose image is absent here is rendered as missing. */
  images?: ReadonlyMap<string, ExportImage>;
  /** Cap on the total bytes of the images the export embeds (default DEFAULT_MAX_EXPORT_IMAGE_BYTES). */
  maxImageBytes?: number;
}

export type ExportFormat = 'md' | 'html' | 'docx' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['md', 'html', 'docx', 'json'];

/** What GET /api/docs/:id/export offers: the renderers here, and PDF (rendered by the server, which holds the font files). */
export type PublishFormat = ExportFormat | 'pdf';
export const PUBLISH_FORMATS: readonly PublishFormat[] = [...EXPORT_FORMATS, 'pdf'];

export interface ExportedFile {
  filename: string;
  mediaType: string;
  bytes: Uint8Array;
}

export const UNREVIEWED: ExportBlockState = Object.freeze({ status: 'unreviewed', stale: false, votes: [] });

export function blockState(blocks: ReadonlyMap<string, ExportBlockState>, id: string | null): ExportBlockState {
  return (id !== null && blocks.get(id)) || UNREVIEWED;
}
