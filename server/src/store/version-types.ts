/**
 * Storage of version history (issue 18). A version is the document's content at
 * a moment, plus what is needed to say who had agreed to what then:
 *
 * - content, de-duplicated: each block's wording (its ProseMirror JSON, id
 *   included) is stored once per document, keyed by a hash of that JSON; a
 *   version holds a deflated "skeleton" — the document JSON with each block
 *   replaced by its wording's hash — so 500 versions of a 1,500-block report
 *   cost 500 small skeletons plus the wordings that actually differ;
 * - the audit log position: the votes that counted then are the append-only
 *   audit log replayed up to it (shared/src/versions/votes-at.ts);
 * - what else a status or an export reads and may change later: the title,
 *   the rule, the commissioners, voters' names, the document's updatedAt.
 *
 * Versions never depend on the update log, so compacting it cannot break one.
 */
import type { VersionReason } from '@concord/shared';

export type { VersionReason };

/** The parts of the document's state, beyond its content and votes, a version keeps as they were. */
export interface VersionState {
  title: string;
  /** The rule as stored (JSON), or null for the default. */
  rule: unknown;
  commissioners: string[];
  /** Display names of everyone who had voted, by user id (an export of the version prints these). */
  names: Record<string, string>;
  /** The document's updatedAt then (an export's date is computed from it). */
  updatedAt: string;
}

export interface VersionSummary {
  /** User ids of who edited since the previous version. */
  editors: string[];
  blocks: number;
  changed: number;
  agreed: number;
  stale: number;
}

export interface StoredVersion {
  id: string;
  docId: string;
  /** Increases with every version stored (of any document). */
  seq: number;
  kind: 'named' | 'auto';
  reason: VersionReason;
  name: string | null;
  createdAt: string;
  createdBy: string | null;
  /** The audit log position the version was taken at. */
  auditSeq: number;
  state: VersionState;
  summary: VersionSummary;
}

/** One wording of one block, as a version names it. */
export interface VersionWording {
  /** Hash of `node` (hex); unique per document. */
  hash: string;
  blockId: string | null;
  fingerprint: string;
  /** The block's ProseMirror JSON (a string, stored as is). */
  node: string;
  /** Who changed the block to this wording (user ids), as far as the server saw. */
  editors: string[];
}

export interface StoredWording extends VersionWording {
  /** The first version that held it (it may since have been thinned away). */
  firstVersionId: string;
  firstSeenAt: string;
}

export interface NewVersion extends Omit<StoredVersion, 'seq'> {
  /** Deflated JSON: the document with each block replaced by `{"$":hash}`. */
  skeleton: Uint8Array;
  /** The wordings the skeleton names that may be new; those already stored stay as first stored. */
  wordings: VersionWording[];
}
