/**
 * Comparing documents by what they contain, independently of how Yjs happens
 * to split items internally and without knowing their types in advance (a
 * mutated update can create root types of any name and kind).
 */
import * as Y from 'yjs';
import { BLOCK_ID_ATTR } from '@concord/shared';
import { assignMissingBlockIds } from '@concord/server/consensus/block-ids';

export interface ContentOptions {
  /**
   * Leave out block-id attributes. The server gives ids to paragraphs that
   * arrive without one (its own update, made a little later), so a document
   * built from the client updates alone differs from the server's only there.
   */
  ignoreBlockIds?: boolean;
}

/** A canonical JSON rendering of every root type: visible content, formatting, attributes, map entries. */
export function contentOf(doc: Y.Doc, options: ContentOptions = {}): string {
  const roots: Record<string, unknown> = {};
  for (const name of [...doc.share.keys()].sort()) {
    const dumped = dumpType(doc.share.get(name)!, options);
    if (dumped !== null) roots[name] = dumped;
  }
  return JSON.stringify(roots);
}

type Op = { s: string; a?: Record<string, unknown> } | { v: unknown } | { t: unknown };

function dumpType(type: Y.AbstractType<any>, options: ContentOptions): unknown {
  const ops: Op[] = [];
  let attrs: Record<string, unknown> = {};
  for (let item = type._start; item !== null; item = item.right) {
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      // Formatting applies to what follows, whether or not the marker is deleted.
      if (item.deleted) continue;
      attrs = { ...attrs };
      if (content.value === null) Reflect.deleteProperty(attrs, content.key);
      else attrs[content.key] = content.value;
      continue;
    }
    if (item.deleted) continue;
    if (content instanceof Y.ContentString) {
      const a = Object.keys(attrs).length > 0 ? sortKeys(attrs) : undefined;
      const last = ops[ops.length - 1];
      if (last && 's' in last && JSON.stringify(last.a) === JSON.stringify(a)) last.s += content.str;
      else ops.push(a ? { s: content.str, a } : { s: content.str });
    } else if (content instanceof Y.ContentType) {
      ops.push({ t: dumpType(content.type as Y.AbstractType<any>, options) });
    } else if (content instanceof Y.ContentBinary) {
      ops.push({ v: `binary:${Buffer.from(content.content).toString('base64')}` });
    } else if (content instanceof Y.ContentDoc) {
      ops.push({ v: `subdoc:${content.doc?.guid ?? '?'}` });
    } else {
      for (const v of content.getContent()) ops.push({ v });
    }
  }
  const entries: Record<string, unknown> = {};
  const isElement = type instanceof Y.XmlElement;
  for (const key of [...type._map.keys()].sort()) {
    if (options.ignoreBlockIds && isElement && key === BLOCK_ID_ATTR) continue;
    const item = type._map.get(key)!;
    if (item.deleted) continue;
    const values = item.content.getContent();
    const value = values[values.length - 1];
    entries[key] = value instanceof Y.AbstractType ? dumpType(value as Y.AbstractType<any>, options) : value;
  }
  const name = type instanceof Y.XmlElement ? type.nodeName : type instanceof Y.XmlHook ? `hook:${type.hookName}` : undefined;
  if (ops.length === 0 && Object.keys(entries).length === 0 && name === undefined) return null;
  return {
    ...(name !== undefined ? { name } : {}),
    ...(ops.length ? { list: ops } : {}),
    ...(Object.keys(entries).length ? { map: entries } : {}),
  };
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function stateVectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** The state vector without the given clients (e.g. the server's own, which only add block ids). */
export function stateVectorWithout(sv: Map<number, number>, exclude: ReadonlySet<number>): Map<number, number> {
  return new Map([...sv].filter(([client]) => !exclude.has(client)));
}

export function sameStateVector(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}

/**
 * The document's deletions, merged into ranges per client, without the given clients: with the
 * state vector, the whole state of a Yjs document (which structs it holds and which are deleted).
 */
export function deleteSetOf(doc: Y.Doc, exclude: ReadonlySet<number>): string {
  const ds = Y.createDeleteSetFromStructStore(doc.store);
  const parts: string[] = [];
  for (const client of [...ds.clients.keys()].sort((a, b) => a - b)) {
    if (exclude.has(client)) continue;
    const ranges: [number, number][] = [];
    for (const { clock, len } of [...ds.clients.get(client)!].sort((a, b) => a.clock - b.clock)) {
      const last = ranges[ranges.length - 1];
      if (last && last[1] >= clock) last[1] = Math.max(last[1], clock + len);
      else ranges.push([clock, clock + len]);
    }
    parts.push(`${client}:${ranges.map(([from, to]) => `${from}-${to}`).join(',')}`);
  }
  return parts.join(' ');
}

export function formatStateVector(sv: Map<number, number>): string {
  return [...sv]
    .sort(([a], [b]) => a - b)
    .map(([c, k]) => `${c}:${k}`)
    .join(',');
}

/** A copy of `doc` (its whole state, garbage collection as Yjs does by default). */
export function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/**
 * Blocks the server's block-id pass would still change in `doc` (no id, or a later duplicate):
 * 0 once a copy holding `doc`'s content needs no server change (consensus/block-ids.ts, run on a clone).
 */
export function blocksAwaitingIds(doc: Y.Doc): number {
  const copy = cloneDoc(doc);
  try {
    return assignMissingBlockIds(copy);
  } finally {
    copy.destroy();
  }
}

export type ApplyOutcome = { ok: true; doc: Y.Doc } | { ok: false; reason: string };

/**
 * What plain Yjs makes of `update` on a copy of `doc`: integrates completely,
 * or throws / leaves pending structs (bad input the server must refuse).
 * With `partly`, what it integrates is the outcome and what it parks as pending
 * is forgotten: what the server makes of a sync step 2 (sync/integrable-part.ts).
 */
export function tryApply(doc: Y.Doc, update: Uint8Array, partly = false): ApplyOutcome {
  const copy = cloneDoc(doc);
  try {
    Y.applyUpdate(copy, update);
  } catch (err) {
    copy.destroy();
    return { ok: false, reason: `throws: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (copy.store.pendingStructs !== null || copy.store.pendingDs !== null) {
    if (!partly) {
      copy.destroy();
      return { ok: false, reason: 'leaves pending structs' };
    }
    copy.store.pendingStructs = null;
    copy.store.pendingDs = null;
  }
  return { ok: true, doc: copy };
}

/** The clients whose structs an update carries, when it decodes at all. */
export function clientsIn(update: Uint8Array): Set<number> {
  try {
    return new Set(Y.decodeUpdate(update).structs.map((s) => s.id.client));
  } catch {
    return new Set();
  }
}
