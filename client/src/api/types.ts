/**
 * Shapes of the JSON the Concord server sends (see docs/PROTOCOL.md). Kept by
 * hand because the client does not depend on the server package; the server's
 * routes are the source of truth.
 */
export const ROLES = ['author', 'commissioner', 'publisher', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export type Capability = 'read' | 'edit' | 'vote' | 'comment' | 'resolve' | 'manage' | 'export';

export interface Me {
  id: string;
  email: string;
  name: string;
  color: string;
}

export interface DocSummary {
  id: string;
  title: string;
  updated: string | number;
  created: string | number;
  role: Role;
  /** Commissioners: blocks waiting for my vote on their current wording (list only; null for other roles). */
  needsMyReview?: number | null;
}

export interface DocMeta extends DocSummary {
  capabilities: Capability[];
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  color: string;
  role: Role;
  addedAt: string | number;
}

/** What each role may do, in words a newcomer understands (shown next to role badges). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  author: 'edits, manages members',
  commissioner: 'edits and votes',
  publisher: 'reads and exports',
  observer: 'reads only',
};

export function canEdit(role: Role): boolean {
  return role === 'author' || role === 'commissioner';
}

// --- publishing: export and import (docs/PROTOCOL.md, "Import and export") ---

export type ExportScope = 'consensus' | 'draft';
export type ExportFormat = 'md' | 'html' | 'docx' | 'json';
export type BlockStatus = 'unreviewed' | 'in_review' | 'disputed' | 'agreed';

export interface ExportPreviewBlock {
  id: string | null;
  kind: string;
  level: number | null;
  text: string;
  status: BlockStatus;
  stale: boolean;
  included: boolean;
}

export interface ExportPreview {
  scope: ExportScope;
  included: number;
  excluded: number;
  blocks: ExportPreviewBlock[];
}

export interface ImportReport {
  format: 'md' | 'html' | 'docx';
  kept: Record<string, number>;
  dropped: { what: string; count: number; example: string }[];
  warnings: string[];
}

export interface ImportResult {
  id: string;
  title: string;
  report: ImportReport;
}
