/**
 * Publishing: builds the export input from the server's own copy of the
 * document and its votes, and renders it with the pure renderers in
 * @concord/shared. Used by the HTTP API and the CLI alike.
 */
import {
  ExportLimitError,
  ydocToProseMirror,
  type ExportBlockState,
  type PublishFormat,
  type ExportInput,
  type ExportScope,
  type ExportedFile,
  type MarkdownImageMode,
  type DissentAnnexMode,
  type ConsensusRule,
  type ConsensusView,
} from '@concord/shared';
import type { VersionService } from '../versions/version-service.js';
import { figureHashes } from '../images/image-service.js';
import type { Stores } from '../store/types.js';
import { peopleById } from '../auth/people.js';
import { notFound, tooLarge } from '../domain/domain-error.js';
import type { ConsensusService } from '../consensus/consensus-service.js';
import type { RoomManager } from '../sync/room-manager.js';
import { renderExport } from './render-export.js';

export interface ExportRequest {
  scope: ExportScope;
  includeRecord: boolean;
  /** Consensus scope: recommendations keep their draft numbers (CONSENSUS C38). */
  keepRecommendationNumbers?: boolean;
  /** Markdown: one `.md` with image references (default), or a `.zip` with the images. */
  markdownImages?: MarkdownImageMode;
  /** Consensus scope: a placeholder where each withheld block stood. */
  withheldPlaceholders?: boolean;
  /** The annex of dissent: none (default), anonymous or attributed. */
  dissentAnnex?: DissentAnnexMode;
  /** Cap on the bytes of images one export embeds (default DEFAULT_MAX_EXPORT_IMAGE_BYTES). */
  maxImageBytes?: number;
  /** Export this version of the document (issue 18) instead of the document now. */
  version?: string | undefined;
}

export interface ExportContext {
  stores: Stores;
  rooms: RoomManager;
  consensus: ConsensusService;
  /** Needed only to export a version. */
  versions?: VersionService;
}

/** What an export reads, from the document now or from a version (the same shape, so the same bytes). */
interface ExportSource {
  title: string;
  doc: Record<string, unknown>;
  view: ConsensusView;
  votes: readonly {
    blockId: string;
    userId: string;
    stance: 'agree' | 'dispute';
    reason: string | null;
    fingerprint: string;
    at: string;
  }[];
  rule: ConsensusRule;
  names: ReadonlyMap<string, string>;
  updatedAt: string;
}

async function liveSource(ctx: ExportContext, docId: string): Promise<ExportSource> {
  const meta = await ctx.stores.docs.getDoc(docId);
  if (!meta) throw notFound('document not found');
  const { view, stored, rule } = await ctx.consensus.view(docId);
  const room = await ctx.rooms.acquire(docId);
  let doc: Record<string, unknown>;
  try {
    doc = ydocToProseMirror(room.doc).toJSON() as Record<string, unknown>;
  } finally {
    ctx.rooms.release(room);
  }
  const person = await peopleById(
    ctx.stores.accounts,
    stored.map((v) => v.userId),
  );
  const names = new Map(stored.map((v) => [v.userId, person(v.userId).name]));
  return { title: meta.title, doc, view, votes: stored, rule, names, updatedAt: meta.updatedAt };
}

async function versionSource(ctx: ExportContext, docId: string, versionId: string): Promise<ExportSource> {
  if (!ctx.versions) throw notFound('no such version of this document');
  const state = await ctx.versions.exportState(docId, versionId);
  return { ...state, doc: state.doc as Record<string, unknown> };
}

/** Everything the renderers need, read once. Deterministic for a given document state (or version). */
export async function buildExportInput(ctx: ExportContext, docId: string, request: ExportRequest): Promise<ExportInput> {
  const {
    title,
    doc,
    view,
    votes: stored,
    rule,
    names,
    updatedAt,
  } = request.version === undefined ? await liveSource(ctx, docId) : await versionSource(ctx, docId, request.version);

  const blocks = new Map<string, ExportBlockState>();
  for (const { block, consensus } of view.entries) {
    if (!block.id) continue;
    // Only votes on the exact exported text belong in the record.
    const votes = stored
      .filter((v) => v.blockId === block.id && v.fingerprint === block.fingerprint && consensus.current.some((c) => c.userId === v.userId))
      .map((v) => ({
        userId: v.userId,
        userName: names.get(v.userId) ?? '(former member)',
        stance: v.stance,
        at: v.at,
        ...(v.reason ? { reason: v.reason } : {}),
      }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.userId.localeCompare(b.userId));
    blocks.set(block.id, { status: consensus.status, stale: consensus.stale, votes });
  }
  // The newest moment the exported state depends on: never the wall clock, so the
  // same state gives the same bytes.
  const latestVote = stored.reduce((max, v) => (v.at > max ? v.at : max), '');
  const generatedAt = latestVote > updatedAt ? latestVote : updatedAt;
  // Only this document's images: a figure naming another document's image renders as missing.
  const storedImages = await ctx.stores.images.getImages(docId, figureHashes(doc));
  const images = new Map(storedImages.map((i) => [i.hash, { mediaType: i.mediaType, bytes: i.bytes }]));
  return {
    title,
    doc,
    blocks,
    rule,
    generatedAt,
    images,
    ...(request.maxImageBytes !== undefined ? { maxImageBytes: request.maxImageBytes } : {}),
    options: {
      scope: request.scope,
      includeRecord: request.includeRecord,
      keepRecommendationNumbers: request.keepRecommendationNumbers === true,
      markdownImages: request.markdownImages ?? 'references',
      withheldPlaceholders: request.withheldPlaceholders === true,
      dissentAnnex: request.dissentAnnex ?? 'none',
    },
  };
}

/**
 * Reads and renders one export in this process: the CLI's path (a process of its
 * own, so there is no event loop to keep free). The HTTP API reads with
 * buildExportInput and renders in the export worker (export-runner.ts); both
 * render with renderExport, so the bytes are the same.
 */
export async function exportDocument(
  ctx: ExportContext,
  docId: string,
  format: PublishFormat,
  request: ExportRequest,
): Promise<ExportedFile> {
  const input = await buildExportInput(ctx, docId, request);
  try {
    return await renderExport(input, format);
  } catch (err) {
    // The renderers refuse (before writing anything) an export whose images exceed the cap.
    if (err instanceof ExportLimitError) throw tooLarge(err.message);
    throw err;
  }
}
