/**
 * The blocks of a document — every paragraph and heading, at any depth — in
 * document order, each with its fingerprint, section and container path (C1, C2).
 * Containers (lists, list items, quotes) are not blocks: nobody votes on a list,
 * only on the paragraphs in it.
 */
import { BLOCK_ID_ATTR, isBlockNodeType, type BlockNodeType } from '../schema/blocks.js';
import { fingerprintCanonical, readBlockContent, verifySha256Hex, type FingerprintOptions, type Sha256Hex } from './fingerprint.js';
import { readerFor, type DocSource, type NodeReader } from './node-reader.js';

/** What a block is, independent of where it sits. Cacheable per node. */
export interface BlockCore {
  id: string | null;
  kind: BlockNodeType;
  /** Heading level; undefined for paragraphs. */
  level?: number | undefined;
  /** Plain text, hard breaks as "\n". */
  text: string;
  fingerprint: string;
}

export interface DocBlock extends BlockCore {
  /** Id of the nearest preceding heading (a heading's own id); null before the first heading. */
  sectionId: string | null;
  /** Container types from the document root down, e.g. ['bulletList', 'listItem']. */
  path: readonly string[];
}

/** Turns a block node into its core; the default reads and hashes, a cache may do better. */
export type BlockResolver = <N>(reader: NodeReader<N>, node: N) => BlockCore;

export function extractBlocks(doc: DocSource, options: FingerprintOptions = {}): DocBlock[] {
  if (options.sha256) verifySha256Hex(options.sha256);
  return extractBlocksWith(doc, uncachedResolver(options.sha256));
}

/** Reads and fingerprints each block node, with no caching. */
function uncachedResolver(hash: Sha256Hex | undefined): BlockResolver {
  return (reader, node) => {
    const content = readBlockContent(reader, node);
    return {
      id: blockIdOf(reader, node),
      kind: content.kind,
      level: content.level,
      text: content.text,
      fingerprint: fingerprintCanonical(content.canonical, hash),
    };
  };
}

export function blockIdOf<N>(reader: NodeReader<N>, node: N): string | null {
  const id = reader.attr(node, BLOCK_ID_ATTR);
  return typeof id === 'string' && id !== '' ? id : null;
}

/**
 * The walk shared by `extractBlocks` and the incremental index. `childEnds`, when given, receives
 * for each top-level child how many blocks were found up to its end (the index patches a view
 * child by child with it).
 */
export function extractBlocksWith(doc: DocSource, resolve: BlockResolver, childEnds?: number[]): DocBlock[] {
  const reader = readerFor(doc);
  const out: DocBlock[] = [];
  const section = { id: null as string | null };
  for (const child of reader.children(doc)) {
    collect(reader, child, TOP_LEVEL, section, resolve, out);
    childEnds?.push(out.length);
  }
  return out;
}

/** The blocks of a document's top-level child `index`, which follows blocks of section `sectionId`. */
export function extractChildBlocks(doc: DocSource, index: number, sectionId: string | null, resolve: BlockResolver): DocBlock[] {
  const reader = readerFor(doc);
  const out: DocBlock[] = [];
  const child = reader.children(doc)[index];
  if (child !== undefined) collect(reader, child, TOP_LEVEL, { id: sectionId }, resolve, out);
  return out;
}

const TOP_LEVEL: readonly string[] = Object.freeze([]);

function collect<N>(
  reader: NodeReader<N>,
  node: N,
  path: readonly string[],
  section: { id: string | null },
  resolve: BlockResolver,
  out: DocBlock[],
): void {
  const type = reader.typeName(node);
  if (isBlockNodeType(type)) {
    const core = resolve(reader, node);
    if (core.kind === 'heading') section.id = core.id;
    const { id, kind, level, text, fingerprint } = core;
    out.push({ id, kind, level, text, fingerprint, sectionId: section.id, path });
    return;
  }
  const children = reader.children(node);
  if (children.length === 0) return;
  // One path array per container, shared by all its blocks.
  const inner = Object.freeze([...path, type]);
  for (const child of children) collect(reader, child, inner, section, resolve, out);
}
