/** Versions and wordings as both SQL backends store them (same columns), and the one mapping to the store's shape. */
import type { StoredVersion, StoredWording } from './version-types.js';

export interface VersionRow {
  seq: number;
  id: string;
  doc_id: string;
  kind: StoredVersion['kind'];
  reason: StoredVersion['reason'];
  name: string | null;
  created_at: string;
  created_by: string | null;
  audit_seq: number;
  state: string;
  summary: string;
}
export interface WordingRow {
  hash: string;
  block_id: string | null;
  fingerprint: string;
  node: string;
  editors: string;
  first_version: string;
  first_seen_at: string;
}

export const toVersion = (r: VersionRow): StoredVersion => ({
  id: r.id,
  docId: r.doc_id,
  seq: r.seq,
  kind: r.kind,
  reason: r.reason,
  name: r.name,
  createdAt: r.created_at,
  createdBy: r.created_by,
  auditSeq: r.audit_seq,
  state: JSON.parse(r.state) as StoredVersion['state'],
  summary: JSON.parse(r.summary) as StoredVersion['summary'],
});

export const toWording = (r: WordingRow): StoredWording => ({
  hash: r.hash,
  blockId: r.block_id,
  fingerprint: r.fingerprint,
  node: r.node,
  editors: JSON.parse(r.editors) as string[],
  firstVersionId: r.first_version,
  firstSeenAt: r.first_seen_at,
});
