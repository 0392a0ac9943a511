/**
 * The manifest that lets anyone verify a published report: the SHA-256 of
 * each exported block's canonical text (see `canonicalBlockText`) and of each
 * output file. Hash the UTF-8 of a block's text, or a file's bytes, and compare.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalRule } from './json.js';
import type { PreparedExport } from './prepare.js';
import { prepared } from './prepare.js';
import { exportedBlocks } from './record.js';
import { canonicalBlockText } from './text.js';
import type { ConsensusRuleInput, ExportedFile, ExportInput, ExportScope } from './types.js';

export const MANIFEST_FORMAT_ID = 'concord-manifest';
export const CANONICAL_TEXT_DEFINITION =
  "UTF-8 of the block's text, each hard break as U+000A, each footnote as [^ + its text + ] where cited, a table as its rows (U+000A between rows, U+0009 between cells), a figure as its alt text + U+000A + its caption; control characters removed, Unicode NFC; marks, ids, numbers, image bytes and heading level excluded";

export interface ManifestBlock {
  id: string;
  type: 'paragraph' | 'heading' | 'table' | 'figure';
  level?: number;
  sha256: string;
  /** Figures: the sha256 of the image bytes. */
  image?: string | null;
}

export interface ManifestFile {
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface ExportManifest {
  format: typeof MANIFEST_FORMAT_ID;
  version: 1;
  title: string;
  generatedAt: string | null;
  scope: ExportScope;
  rule: ConsensusRuleInput;
  algorithm: 'sha256';
  canonicalText: string;
  blocks: ManifestBlock[];
  files: ManifestFile[];
}

export function sha256Hex(data: Uint8Array | string): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
}

export function buildManifest(input: ExportInput | PreparedExport, files: readonly ExportedFile[]): ExportManifest {
  const p = prepared(input);
  return {
    format: MANIFEST_FORMAT_ID,
    version: 1,
    title: p.title,
    generatedAt: p.generatedAt ?? null,
    scope: p.scope,
    rule: canonicalRule(p.rule),
    algorithm: 'sha256',
    canonicalText: CANONICAL_TEXT_DEFINITION,
    blocks: exportedBlocks(p.doc).map(({ id, node }) => ({
      id,
      type: node.type,
      ...(node.type === 'heading' ? { level: node.attrs.level } : {}),
      sha256: sha256Hex(canonicalBlockText(node)),
      ...(node.type === 'figure' ? { image: node.attrs.image } : {}),
    })),
    files: files.map((f) => ({ filename: f.filename, mediaType: f.mediaType, size: f.bytes.byteLength, sha256: sha256Hex(f.bytes) })),
  };
}

/** The manifest as stable JSON (fixed key order, two-space indent, final newline). */
export function serializeManifest(manifest: ExportManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Whether `bytes` are the file the manifest lists under `filename`. */
export function verifyFile(manifest: ExportManifest, filename: string, bytes: Uint8Array): boolean {
  const entry = manifest.files.find((f) => f.filename === filename);
  return entry !== undefined && entry.size === bytes.byteLength && entry.sha256 === sha256Hex(bytes);
}
