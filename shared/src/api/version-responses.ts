/**
 * What the server answers about version history (docs/PROTOCOL.md, "Versions").
 * Declared once, here: the server is checked against these shapes, the browser reads them.
 */
import type { BlockNodeType } from '../schema/index.js';
import type { BlockStatus } from '../consensus/status.js';
import type { Person } from '../protocol/events.js';
import type { BlockChange, BlockDiffSummary } from '../versions/block-diff.js';

/** Why a version exists: an author named it, or the server took it (after editing, or before a change that replaces text). */
export type VersionReason = 'named' | 'activity' | 'import' | 'before_adoption' | 'before_restore' | 'restore';

export interface VersionJson {
  id: string;
  /** Named versions are kept for ever; automatic checkpoints are thinned (docs/RELIABILITY.md). */
  kind: 'named' | 'auto';
  reason: VersionReason;
  name: string | null;
  createdAt: string;
  /** Who named it or caused it (a restore, an adoption); null for a checkpoint the server took. */
  createdBy: Person | null;
  /** Who edited the document since the previous version (as far as this server saw). */
  editors: Person[];
  /** Blocks in the version, and how many changed, became agreed or went stale since the previous version. */
  blocks: number;
  changed: number;
  agreed: number;
  stale: number;
}

/** GET /api/docs/:id/versions: newest first. */
export interface VersionsJson {
  versions: VersionJson[];
}

/** POST /api/docs/:id/versions. */
export interface OneVersionJson {
  version: VersionJson;
}

/** One block of a version with the consensus status it had at that moment. */
export interface VersionBlockJson {
  id: string | null;
  kind: BlockNodeType;
  level: number | null;
  text: string;
  fingerprint: string;
  status: BlockStatus;
  stale: boolean;
  agree: number;
  dispute: number;
}

/** GET /api/docs/:id/versions/:vid: read-only. */
export interface VersionDetailJson {
  version: VersionJson;
  title: string;
  /** The document as ProseMirror JSON, for rendering read-only. */
  doc: unknown;
  blocks: VersionBlockJson[];
}

/** GET /api/docs/:id/compare. */
export interface CompareJson {
  from: VersionJson;
  /** null when comparing with the document as it is now. */
  to: VersionJson | null;
  changes: BlockChange[];
  /** Counts over every change, whatever the filter kept. */
  summary: BlockDiffSummary;
}

/** One wording a block has had. */
export interface BlockWordingJson {
  fingerprint: string;
  text: string;
  /** The first time this server saw it (a version, or a vote on it). */
  firstSeen: string;
  /** The first version holding this wording, if any holds it. */
  version: { id: string; name: string | null; createdAt: string } | null;
  /** Who changed the block to this wording (as far as the versions tell). */
  editors: Person[];
  /** Who agreed to / disputed this exact wording, at any time. */
  agreedBy: Person[];
  disputedBy: Person[];
  /** It is the block's wording now. */
  current: boolean;
}

/** GET /api/docs/:id/blocks/:blockId/history: oldest first. */
export interface BlockHistoryJson {
  blockId: string;
  wordings: BlockWordingJson[];
}

/** POST /api/docs/:id/versions/:vid/restore. */
export interface RestoreJson {
  /** The version the restore itself is. */
  version: VersionJson;
  /** How many blocks the restore changed, added or removed. */
  restored: number;
}
