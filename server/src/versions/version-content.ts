/**
 * How a version's content is stored (store/version-types.ts): the document JSON
 * split into block wordings, each keyed by a hash of its JSON, and a skeleton —
 * the document with each block replaced by `{"$": hash}` — deflated off the
 * event loop (zlib's thread pool). Rebuilding joins them again. Pure but for
 * hashing and compression, which is why it lives on the server.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { isBlockNodeType } from '@concord/shared';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** 128 bits of SHA-256: collisions between one document's wordings are out of reach. */
const HASH_HEX = 32;

export interface PMJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMJson[];
  [key: string]: unknown;
}

interface SplitBlock {
  hash: string;
  blockId: string | null;
  node: PMJson;
  json: string;
}

interface SplitContent {
  skeleton: string;
  /** Every block of the document, in document order. */
  blocks: SplitBlock[];
}

function wordingHash(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex').slice(0, HASH_HEX);
}

/** Splits a document's JSON into its skeleton and its blocks. */
export function splitContent(doc: PMJson): SplitContent {
  const blocks: SplitBlock[] = [];
  const walk = (node: PMJson): unknown => {
    if (isBlockNodeType(node.type)) {
      const json = JSON.stringify(node);
      const hash = wordingHash(json);
      const id = node.attrs?.id;
      blocks.push({ hash, blockId: typeof id === 'string' && id !== '' ? id : null, node, json });
      return { $: hash };
    }
    return node.content ? { ...node, content: node.content.map(walk) } : node;
  };
  const skeleton = JSON.stringify(walk(doc));
  return { skeleton, blocks };
}

export async function compressSkeleton(skeleton: string): Promise<Uint8Array> {
  return new Uint8Array(await deflate(Buffer.from(skeleton, 'utf8')));
}

/** The parsed skeleton and the hashes it names, in document order. */
export async function readSkeleton(bytes: Uint8Array): Promise<{ skeleton: PMJson; hashes: string[] }> {
  const skeleton = JSON.parse((await inflate(bytes)).toString('utf8')) as PMJson;
  const hashes: string[] = [];
  const walk = (node: PMJson | { $: string }): void => {
    if ('$' in node && typeof node.$ === 'string') hashes.push(node.$);
    else for (const child of (node as PMJson).content ?? []) walk(child);
  };
  walk(skeleton);
  return { skeleton, hashes };
}

/** Puts the wordings back into the skeleton; a missing wording is a broken store (throws). */
export function joinContent(skeleton: PMJson, wordings: ReadonlyMap<string, string>): PMJson {
  const walk = (node: PMJson | { $: string }): PMJson => {
    if ('$' in node && typeof node.$ === 'string') {
      const json = wordings.get(node.$);
      if (json === undefined) throw new Error(`version content is missing wording ${node.$}`);
      return JSON.parse(json) as PMJson;
    }
    const n = node as PMJson;
    return n.content ? { ...n, content: n.content.map(walk) } : n;
  };
  return walk(skeleton);
}
