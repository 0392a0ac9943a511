/**
 * One way to read a document tree whether it arrives as ProseMirror JSON
 * (`node.toJSON()`, what the server stores and sends) or as a live ProseMirror
 * Node (what the editor holds). Fingerprints must not depend on which shape the
 * caller had, so every reader below funnels into the same canonicaliser.
 *
 * Walking a PM Node directly avoids allocating a JSON copy of a 1,500-block
 * document just to read it.
 */
import type { Node as PMNode } from '@tiptap/pm/model';

/** A mark in ProseMirror JSON. */
export interface PMJSONMark {
  type: string;
  attrs?: Readonly<Record<string, unknown>>;
}

/** A node in ProseMirror JSON: the shape `Node.toJSON()` returns. */
export interface PMJSONNode {
  type: string;
  attrs?: Readonly<Record<string, unknown>>;
  content?: readonly PMJSONNode[];
  text?: string;
  marks?: readonly PMJSONMark[];
}

/** Anything the consensus model can read a document or block from. */
export type DocSource = PMNode | PMJSONNode;

/** Uniform, allocation-free access to either tree shape. */
export interface NodeReader<N> {
  typeName(node: N): string;
  attr(node: N, name: string): unknown;
  children(node: N): readonly N[];
  text(node: N): string;
  markCount(node: N): number;
  markType(node: N, index: number): string;
  markAttr(node: N, index: number, name: string): unknown;
}

const EMPTY: readonly never[] = [];

export const jsonReader: NodeReader<PMJSONNode> = {
  typeName: (n) => n.type,
  attr: (n, name) => n.attrs?.[name],
  children: (n) => n.content ?? EMPTY,
  text: (n) => n.text ?? '',
  markCount: (n) => n.marks?.length ?? 0,
  markType: (n, i) => n.marks![i]!.type,
  markAttr: (n, i, name) => n.marks![i]!.attrs?.[name],
};

export const pmReader: NodeReader<PMNode> = {
  typeName: (n) => n.type.name,
  // PM types attributes as `any`; the reader hands them on as `unknown`.
  attr: (n, name): unknown => n.attrs[name],
  children: (n) => n.content.content,
  text: (n) => n.text ?? '',
  markCount: (n) => n.marks.length,
  markType: (n, i) => n.marks[i]!.type.name,
  markAttr: (n, i, name): unknown => n.marks[i]!.attrs[name],
};

/** A live PM Node has a NodeType object as `type`; JSON has the type's name. */
export function isPMNode(node: DocSource): node is PMNode {
  return typeof (node as { type: unknown }).type === 'object';
}

/** Picks the reader for a tree; the choice is made once per tree, not per node. */
export function readerFor(node: DocSource): NodeReader<DocSource> {
  return (isPMNode(node) ? pmReader : jsonReader) as NodeReader<DocSource>;
}
