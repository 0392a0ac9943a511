/**
 * Sanitised HTML → ProseMirror JSON with the shared schema, then fresh block
 * ids, empty top-level paragraphs removed, and a count of what was kept.
 *
 * The HTML is read by htmlparser2 (light-dom.ts) and turned into a document by
 * ProseMirror's own DOMParser with the schema's own rules: the same result as
 * TipTap's generateJSON over happy-dom, which this replaced because it spent
 * ~60 % of a large import simulating a browser DOM (BENCHMARKS.md, "Import
 * profile"). tests/integration/imports-equivalence.test.ts compares the two on
 * every fixture and on hostile input.
 */
import { DOMParser as PmDOMParser } from '@tiptap/pm/model';
import type { DocNode } from '@concord/shared';
import { concordSchema, isBlockNodeType } from '@concord/shared';
import { ImportError } from './import-error.js';
import { parseLightBody } from './light-dom.js';

export interface KeptCounts {
  headings: number;
  paragraphs: number;
  bulletLists: number;
  orderedLists: number;
  listItems: number;
  blockquotes: number;
  hardBreaks: number;
  bold: number;
  italic: number;
  underline: number;
  strike: number;
  links: number;
  /** Text that looks like a typed note marker ("[12]"), not a real footnote. */
  footnoteMarkers: number;
  footnotes: number;
  tables: number;
  figures: number;
  /** Figures whose image the file did not hold (an address, a bad or oversized image). */
  imagesMissing: number;
  recommendations: number;
}

export type JsonNode = { type: string; attrs?: Record<string, unknown>; content?: JsonNode[]; marks?: { type: string }[]; text?: string };

const COUNTED_NODES: Partial<Record<string, keyof KeptCounts>> = {
  heading: 'headings',
  paragraph: 'paragraphs',
  bulletList: 'bulletLists',
  orderedList: 'orderedLists',
  listItem: 'listItems',
  blockquote: 'blockquotes',
  hardBreak: 'hardBreaks',
  footnote: 'footnotes',
  table: 'tables',
  figure: 'figures',
};
const COUNTED_MARKS: Partial<Record<string, keyof KeptCounts>> = {
  bold: 'bold',
  italic: 'italic',
  underline: 'underline',
  strike: 'strike',
  link: 'links',
};
const FOOTNOTE_MARKER = /\[\d{1,5}\]/g;

/** Sanitised HTML → the document's ProseMirror JSON, before ids and counting. */
export function parseImportHtml(html: string): JsonNode {
  // The light nodes carry every member the parser and the rules read (light-dom.ts).
  return PmDOMParser.fromSchema(concordSchema())
    .parse(parseLightBody(html) as never)
    .toJSON() as JsonNode;
}

export interface HtmlToDocResult {
  doc: DocNode;
  kept: KeptCounts;
  emptyParagraphsRemoved: number;
  /** The image hashes the figures name. */
  imageHashes: Set<string>;
}

/** @param parse the HTML → JSON step; another is passed only to measure against (bench/export/import-parse.bench.ts). */
export function htmlToDoc(html: string, generateId: () => string, parse: (html: string) => JsonNode = parseImportHtml): HtmlToDocResult {
  let json: JsonNode;
  try {
    json = parse(html);
  } catch (cause) {
    throw new ImportError('malformed', 'The document could not be read as structured text.', { cause });
  }
  const before = json.content?.length ?? 0;
  json.content = (json.content ?? []).filter((node) => !(node.type === 'paragraph' && isBlank(node)));
  const emptyParagraphsRemoved = before - json.content.length;
  const kept = emptyCounts();
  const imageHashes = new Set<string>();
  assignIdsAndCount(json, generateId, kept, imageHashes);
  if (json.content.length === 0) {
    throw new ImportError('empty', 'The file contains no text that Concord can keep.');
  }
  try {
    concordSchema().nodeFromJSON(json).check();
  } catch (cause) {
    throw new ImportError('malformed', 'The imported content does not fit the Concord document structure.', { cause });
  }
  return { doc: json as unknown as DocNode, kept, emptyParagraphsRemoved, imageHashes };
}

function assignIdsAndCount(node: JsonNode, generateId: () => string, kept: KeptCounts, imageHashes: Set<string>): void {
  const counted = COUNTED_NODES[node.type];
  if (counted) kept[counted]++;
  if (isBlockNodeType(node.type)) node.attrs = { ...node.attrs, id: generateId() };
  if (node.type === 'paragraph' && node.attrs?.recommendation === true) kept.recommendations++;
  if (node.type === 'figure') {
    if (typeof node.attrs?.image === 'string') imageHashes.add(node.attrs.image);
    else kept.imagesMissing++;
  }
  if (node.type === 'text' && node.text) kept.footnoteMarkers += node.text.match(FOOTNOTE_MARKER)?.length ?? 0;
  let previous: JsonNode | undefined;
  for (const child of node.content ?? []) {
    // A mark run spanning several text nodes counts once.
    for (const mark of child.marks ?? []) {
      const key = COUNTED_MARKS[mark.type];
      if (key && !previous?.marks?.some((m) => JSON.stringify(m) === JSON.stringify(mark))) kept[key]++;
    }
    assignIdsAndCount(child, generateId, kept, imageHashes);
    previous = child;
  }
}

function isBlank(node: JsonNode): boolean {
  return (node.content ?? []).every((child) => child.type === 'hardBreak' || (child.type === 'text' && (child.text ?? '').trim() === ''));
}

function emptyCounts(): KeptCounts {
  return {
    headings: 0,
    paragraphs: 0,
    bulletLists: 0,
    orderedLists: 0,
    listItems: 0,
    blockquotes: 0,
    hardBreaks: 0,
    bold: 0,
    italic: 0,
    underline: 0,
    strike: 0,
    links: 0,
    footnoteMarkers: 0,
    footnotes: 0,
    tables: 0,
    figures: 0,
    imagesMissing: 0,
    recommendations: 0,
  };
}
