/**
 * Typed view of the ProseMirror JSON that the export renderers walk.
 *
 * `NODE_TYPE_NAMES` and `MARK_TYPE_NAMES` list the schema by hand on purpose:
 * every renderer maps them with a `Record<NodeTypeName, …>` or an exhaustive
 * `switch` ending in `assertNever`, so adding a name here fails to compile in
 * each renderer until it is handled; a test checks that the lists equal the
 * runtime schema, so adding a node to the schema fails until it is added here.
 */
import { concordSchema } from '../schema/index.js';

export const NODE_TYPE_NAMES = [
  'doc',
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'hardBreak',
  'text',
  'footnote',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'figure',
  'recommendationList',
] as const;
export type NodeTypeName = (typeof NODE_TYPE_NAMES)[number];

/** In schema rank order: the order marks are opened in every renderer. */
export const MARK_TYPE_NAMES = ['link', 'bold', 'italic', 'strike', 'underline'] as const;
export type MarkTypeName = (typeof MARK_TYPE_NAMES)[number];

export type LinkMark = { type: 'link'; attrs: { href: string | null } & Record<string, unknown> };
export type PlainMark = { type: Exclude<MarkTypeName, 'link'> };
export type MarkJSON = LinkMark | PlainMark;

export interface TextNode {
  type: 'text';
  text: string;
  marks?: MarkJSON[];
}
export interface HardBreakNode {
  type: 'hardBreak';
  marks?: MarkJSON[];
}
/** A footnote holds its own text where it is cited; its number is derived (see footnotes.ts). */
export interface FootnoteNode {
  type: 'footnote';
  content?: TextNode[];
  marks?: MarkJSON[];
}
export type InlineNode = TextNode | HardBreakNode | FootnoteNode;

export interface ParagraphNode {
  type: 'paragraph';
  attrs: { id: string | null; recommendation?: boolean };
  content?: InlineNode[];
}
export interface HeadingNode {
  type: 'heading';
  attrs: { id: string | null; level: number };
  content?: InlineNode[];
}
export interface BulletListNode {
  type: 'bulletList';
  content: ListItemNode[];
}
export interface OrderedListNode {
  type: 'orderedList';
  attrs: { start: number; type: string | null };
  content: ListItemNode[];
}
export interface ListItemNode {
  type: 'listItem';
  content: BlockNode[];
}
export interface BlockquoteNode {
  type: 'blockquote';
  content: BlockNode[];
}
export interface DocNode {
  type: 'doc';
  content: BlockNode[];
}

export interface CellAttrs {
  colspan: number;
  rowspan: number;
  colwidth: number[] | null;
  [key: string]: unknown;
}
export interface TableCellNode {
  type: 'tableCell';
  attrs: CellAttrs;
  content?: InlineNode[];
}
export interface TableHeaderNode {
  type: 'tableHeader';
  attrs: CellAttrs;
  content?: InlineNode[];
}
export type CellNode = TableCellNode | TableHeaderNode;
export interface TableRowNode {
  type: 'tableRow';
  content?: CellNode[];
}
export interface TableNode {
  type: 'table';
  attrs: { id: string | null };
  content: TableRowNode[];
}
/** `image` is the sha256 of the image bytes (the store's address), null when the image is missing. */
export interface FigureNode {
  type: 'figure';
  attrs: { id: string | null; image: string | null; alt: string };
  content?: InlineNode[];
}
/** Stands for the generated list of every (exported) recommendation. */
export interface RecommendationListNode {
  type: 'recommendationList';
}

/** Blocks made of one run of inline text. */
export type BlockLeafNode = ParagraphNode | HeadingNode;
/** A unit of agreement: the nodes that carry a block id. */
export type AgreementNode = BlockLeafNode | TableNode | FigureNode;
export type ContainerNode = BulletListNode | OrderedListNode | BlockquoteNode;
export type BlockNode = AgreementNode | ContainerNode | RecommendationListNode;
export type AnyNode = DocNode | BlockNode | ListItemNode | InlineNode | TableRowNode | CellNode;

// Compile-time check that the union above names exactly the node types listed.
type Covers<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const nodeUnionCoversNames: Covers<AnyNode['type'], NodeTypeName> = true;
const markUnionCoversNames: Covers<MarkJSON['type'], MarkTypeName> = true;
void nodeUnionCoversNames;
void markUnionCoversNames;

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}

/**
 * Checks untrusted JSON against the Concord schema and returns it normalised
 * (every attribute present, marks in schema order). Throws on invalid content.
 * A document with no blocks yet (just created) is valid here: the schema wants
 * at least one block in an editor, but its export is simply empty.
 */
export function parseDocJSON(json: unknown): DocNode {
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'doc') {
    throw new Error('Export input is not a ProseMirror doc');
  }
  const content = (json as { content?: unknown }).content;
  if (content === undefined || (Array.isArray(content) && content.length === 0)) return { type: 'doc', content: [] };
  const node = concordSchema().nodeFromJSON(json);
  node.check();
  const normalised = node.toJSON() as DocNode;
  normalised.content ??= [];
  return normalised;
}

export function isBlockLeaf(node: BlockNode): node is BlockLeafNode {
  return node.type === 'paragraph' || node.type === 'heading';
}

export function isAgreementNode(node: BlockNode | ListItemNode): node is AgreementNode {
  return node.type === 'paragraph' || node.type === 'heading' || node.type === 'table' || node.type === 'figure';
}

export function isRecommendation(node: BlockNode | ListItemNode): node is ParagraphNode {
  return node.type === 'paragraph' && node.attrs.recommendation === true;
}

export function markRank(mark: MarkJSON): number {
  return MARK_TYPE_NAMES.indexOf(mark.type);
}

export function sameMark(a: MarkJSON, b: MarkJSON): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'link' && b.type === 'link') return a.attrs.href === b.attrs.href;
  return true;
}

/** Every unit of agreement (paragraph, heading, table, figure) in document order, at any depth. */
export function collectBlockLeaves(doc: DocNode): AgreementNode[] {
  const out: AgreementNode[] = [];
  const walk = (nodes: readonly (BlockNode | ListItemNode)[]): void => {
    for (const node of nodes) {
      if (isAgreementNode(node)) out.push(node);
      else if (node.type !== 'recommendationList') walk(node.content);
    }
  };
  walk(doc.content);
  return out;
}
