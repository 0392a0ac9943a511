/**
 * Block fingerprints: the hash a vote is recorded against. Defined once here so
 * that the editor and the server, reading the same block, always agree (spec C3–C5).
 *
 * The canonical form keeps only what changes a block's meaning — node type,
 * heading level, text, the marks on each character (link by href) and hard
 * breaks — and drops what does not: the block id, the container (list, quote),
 * link target/rel/class/title. It is versioned ("cf1:") so a future change of
 * definition is explicit instead of silently staling every vote.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { isBlockNodeType, type BlockNodeType } from '../schema/blocks.js';
import { isImageHash } from '../schema/image-hash.js';
import { readerFor, type DocSource, type NodeReader } from './node-reader.js';

export const CANONICAL_FORM_VERSION = 'cf1';
/** Fingerprints are full sha256 digests in lower-case hex. */
export const FINGERPRINT_HEX_LENGTH = 64;

/** What one pass over a block yields: enough to fingerprint it and show it. */
export interface BlockContent {
  kind: BlockNodeType;
  /** Heading level; undefined for other blocks. */
  level: number | undefined;
  /** Plain text, hard breaks as "\n"; a footnote as `[note: …]`, table rows as lines of ` | `-separated cells. */
  text: string;
  canonical: string;
}

/** The canonical serialisation of a block, e.g. `cf1:["paragraph",null,[["t","Hi","bold"],["br"]]]`. */
export function canonicalBlockContent(block: DocSource): string {
  return readBlockContent(readerFor(block), block).canonical;
}

/** Hex sha256 of the block's canonical form. */
export function fingerprintBlock(block: DocSource, options: FingerprintOptions = {}): string {
  if (options.sha256) verifySha256Hex(options.sha256);
  return fingerprintCanonical(canonicalBlockContent(block), options.sha256);
}

export function fingerprintCanonical(canonical: string, hash: Sha256Hex = sha256Hex): string {
  return hash(canonical);
}

/** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
export type Sha256Hex = (text: string) => string;

export interface FingerprintOptions {
  /**
   * A faster SHA-256 for hosts that have one (the server passes node:crypto,
   * ~5× faster than pure JS on a 1,500-block document). Checked once with
   * `verifySha256Hex` by whoever accepts it: a wrong hash would stale every vote.
   */
  sha256?: Sha256Hex | undefined;
}

/** The default: @noble/hashes, pure JS, identical in every browser and on the server. */
export const sha256Hex: Sha256Hex = (text) => bytesToHex(sha256(utf8ToBytes(text)));

const HASH_PROBES = [
  '',
  'abc',
  'cf1:["paragraph",null,[["t","Caf\u00e9 cafe\u0301 \ud83c\udf89 \u20ac","bold"],["br"]]]',
  'x'.repeat(1_000),
];

const verified = new WeakSet<Sha256Hex>();

/** Throws unless `hash` gives the same digests as the default on ASCII, non-ASCII and multi-block input. */
export function verifySha256Hex(hash: Sha256Hex): void {
  if (verified.has(hash)) return;
  for (const probe of HASH_PROBES) {
    if (hash(probe) !== sha256Hex(probe))
      throw new Error('the SHA-256 function given does not match the reference (lower-case hex of UTF-8 bytes expected)');
  }
  verified.add(hash);
}

/** True for a string shaped like a fingerprint (for checking untrusted input). */
export function isFingerprint(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/**
 * Reads a block in one pass: a paragraph or heading (its inline runs), a
 * table (every cell, row by row, C34) or a figure (image hash, alt text and
 * caption, C35). Footnotes are read as part of the inline run that cites them (C32).
 */
export function readBlockContent<N>(reader: NodeReader<N>, node: N): BlockContent {
  const kind = reader.typeName(node);
  if (!isBlockNodeType(kind)) throw new TypeError(`not a block node: ${kind}`);
  switch (kind) {
    case 'paragraph':
    case 'heading': {
      const level = kind === 'heading' ? headingLevel(reader.attr(node, 'level')) : undefined;
      const inline = readInline(reader, node);
      // Only a recommendation adds a fourth element, so no earlier fingerprint changes (C36).
      const flag = kind === 'paragraph' && reader.attr(node, 'recommendation') === true ? ',"recommendation"' : '';
      const canonical = `${CANONICAL_FORM_VERSION}:[${JSON.stringify(kind)},${level ?? 'null'},[${inline.runs}]${flag}]`;
      return { kind, level, text: inline.text, canonical };
    }
    case 'table':
      return readTable(reader, node);
    case 'figure':
      return readFigure(reader, node);
  }
}

function readTable<N>(reader: NodeReader<N>, node: N): BlockContent {
  const rows: string[] = [];
  const lines: string[] = [];
  for (const row of reader.children(node)) {
    const cells: string[] = [];
    const texts: string[] = [];
    for (const cell of reader.children(row)) {
      const inline = readInline(reader, cell);
      const tag = reader.typeName(cell) === 'tableHeader' ? 'th' : 'td';
      cells.push(`[${JSON.stringify(tag)},${span(reader.attr(cell, 'colspan'))},${span(reader.attr(cell, 'rowspan'))},[${inline.runs}]]`);
      texts.push(inline.text);
    }
    rows.push(`[${cells.join(',')}]`);
    lines.push(texts.join(' | '));
  }
  return {
    kind: 'table',
    level: undefined,
    text: lines.join('\n'),
    canonical: `${CANONICAL_FORM_VERSION}:["table",null,[${rows.join(',')}]]`,
  };
}

function readFigure<N>(reader: NodeReader<N>, node: N): BlockContent {
  const inline = readInline(reader, node);
  const image = reader.attr(node, 'image');
  const alt = reader.attr(node, 'alt');
  const attrs = { alt: typeof alt === 'string' ? alt : '', image: isImageHash(image) ? image : null };
  const text = `[Figure${attrs.alt === '' ? '' : `: ${attrs.alt}`}]${inline.text === '' ? '' : ` ${inline.text}`}`;
  return {
    kind: 'figure',
    level: undefined,
    text,
    canonical: `${CANONICAL_FORM_VERSION}:["figure",null,[${inline.runs}],${JSON.stringify(attrs)}]`,
  };
}

/** A cell span as the schema reads it: a whole number ≥ 1, 1 when absent or odd. */
function span(raw: unknown): number {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 ? raw : 1;
}

/**
 * The inline runs of a node (paragraph, heading, cell, caption, footnote).
 * Runs of text whose mark sets are equal are merged, so `[{text:"a"},{text:"b"}]`
 * and `[{text:"ab"}]` are the same content, as they look the same to every reader.
 */
function readInline<N>(reader: NodeReader<N>, node: N): { runs: string; text: string } {
  // Hot path (every block of every document the server reads): no closures,
  // no intermediate arrays; the canonical string is built as we go.
  let runs = '';
  let text = '';
  let pendingText = '';
  let pendingMarks: string | null = null;
  for (const child of reader.children(node)) {
    const type = reader.typeName(child);
    if (type === 'text') {
      const piece = reader.text(child);
      if (piece === '') continue; // PM never stores empty text; hand-built JSON might
      const marks = markKey(reader, child);
      if (marks !== pendingMarks) {
        if (pendingMarks !== null) runs += textRun(runs, pendingText, pendingMarks);
        pendingMarks = marks;
        pendingText = '';
      }
      pendingText += piece;
      text += piece;
      continue;
    }
    if (pendingMarks !== null) runs += textRun(runs, pendingText, pendingMarks);
    pendingMarks = null;
    // Marks on a hard break or a footnote reference are invisible, so they are not part of the content.
    if (type === 'hardBreak') {
      runs += runs === '' ? '["br"]' : ',["br"]';
      text += '\n';
    } else if (type === 'footnote') {
      // The note's text, never its number (C32, C33).
      const note = readInline(reader, child);
      runs += `${runs === '' ? '' : ','}["fn",[${note.runs}]]`;
      text += `[note: ${note.text}]`;
    } else {
      runs += `${runs === '' ? '' : ','}["n",${JSON.stringify(type)}]`;
    }
  }
  if (pendingMarks !== null) runs += textRun(runs, pendingText, pendingMarks);
  return { runs, text };
}

function textRun(before: string, text: string, marks: string): string {
  return `${before === '' ? '' : ','}["t",${jsonString(text)}${marks}]`;
}

/** Characters JSON.stringify would escape (surrogates: only lone ones, decided by JSON.stringify itself). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify for a string, minus its cost on the common case of text with nothing to escape. */
function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** The schema's default level is 1, so JSON without a level means level 1 (as PM would read it). */
function headingLevel(raw: unknown): number {
  return typeof raw === 'number' && Number.isInteger(raw) ? raw : 1;
}

/**
 * A text node's marks as a sorted, de-duplicated, JSON-escaped suffix
 * (`,"bold","link:https://…"`). Sorting makes the order marks were applied in
 * irrelevant; unknown marks count by name so adding one to the schema is never
 * invisible to votes.
 */
function markKey<N>(reader: NodeReader<N>, node: N): string {
  const count = reader.markCount(node);
  if (count === 0) return '';
  if (count === 1) return `,${JSON.stringify(markToken(reader, node, 0))}`;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push(markToken(reader, node, i));
  tokens.sort();
  let key = '';
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && tokens[i] === tokens[i - 1]) continue;
    key += `,${JSON.stringify(tokens[i])}`;
  }
  return key;
}

function markToken<N>(reader: NodeReader<N>, node: N, index: number): string {
  const type = reader.markType(node, index);
  if (type !== 'link') return type;
  const href = reader.markAttr(node, index, 'href');
  return `link:${typeof href === 'string' ? href : ''}`;
}
