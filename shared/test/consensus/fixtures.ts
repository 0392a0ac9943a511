/**
 * Realistic test documents built with the real schema, so the tests see exactly
 * the nodes the editor and the server see (including blocks in lists and quotes).
 */
import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import { concordSchema } from '../../src/schema/index.js';
import type { Stance, Vote } from '../../src/consensus/index.js';

export const schema = concordSchema();

export type MarkSpec = 'bold' | 'italic' | 'strike' | 'underline' | { link: string };

function mark(spec: MarkSpec): Mark {
  return typeof spec === 'string' ? schema.marks[spec]!.create() : schema.marks.link!.create({ href: spec.link });
}

/** A text node; strings passed to `p`/`h` become unmarked text. */
export function t(text: string, ...marks: MarkSpec[]): PMNode {
  return schema.text(text, marks.map(mark));
}

export const br = (): PMNode => schema.nodes.hardBreak!.create();

type Inline = PMNode | string;
const inline = (content: Inline[]): PMNode[] => content.filter((c) => c !== '').map((c) => (typeof c === 'string' ? t(c) : c));

export function p(id: string | null, ...content: Inline[]): PMNode {
  return schema.nodes.paragraph!.create({ id }, inline(content));
}

export function h(level: number, id: string | null, ...content: Inline[]): PMNode {
  return schema.nodes.heading!.create({ id, level }, inline(content));
}

export function li(...blocks: PMNode[]): PMNode {
  return schema.nodes.listItem!.create(null, blocks);
}

export function ul(...items: PMNode[]): PMNode {
  return schema.nodes.bulletList!.create(null, items);
}

export function ol(...items: PMNode[]): PMNode {
  return schema.nodes.orderedList!.create({ start: 1 }, items);
}

export function quote(...blocks: PMNode[]): PMNode {
  return schema.nodes.blockquote!.create(null, blocks);
}

export function doc(...blocks: PMNode[]): PMNode {
  const node = schema.nodes.doc!.create(null, blocks);
  node.check(); // fail loudly on a fixture the real schema would reject
  return node;
}

let clock = 1_700_000_000_000;
/** A vote; each call is one millisecond later than the last. */
export function vote(userId: string, stance: Stance, fingerprint: string, reason?: string): Vote {
  return { userId, stance, fingerprint, at: clock++, ...(reason === undefined ? {} : { reason }) };
}

/** The position just inside the block with this id (where its text starts). */
export function textStart(root: PMNode, id: string): number {
  let found = -1;
  root.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.attrs.id === id) found = pos + 1;
    return found < 0;
  });
  if (found < 0) throw new Error(`no block ${id}`);
  return found;
}

/** A footnote reference holding its note's text. */
export function fn(...content: Inline[]): PMNode {
  return schema.nodes.footnote!.create(null, inline(content));
}

/** A paragraph marked as a recommendation. */
export function rec(id: string | null, ...content: Inline[]): PMNode {
  return schema.nodes.paragraph!.create({ id, recommendation: true }, inline(content));
}

/** A table; each row is a list of cells, a cell a string or inline nodes; `header` makes row 0 header cells. */
export function table(
  id: string | null,
  rows: (Inline | Inline[])[][],
  options: { header?: boolean; spans?: Record<string, [number, number]> } = {},
): PMNode {
  return schema.nodes.table!.create(
    { id },
    rows.map((cells, r) =>
      schema.nodes.tableRow!.create(
        null,
        cells.map((cell, c) => {
          const type = options.header && r === 0 ? schema.nodes.tableHeader! : schema.nodes.tableCell!;
          const [colspan, rowspan] = options.spans?.[`${r},${c}`] ?? [1, 1];
          return type.create({ colspan, rowspan }, inline(Array.isArray(cell) ? cell : [cell]));
        }),
      ),
    ),
  );
}

export function figure(id: string | null, image: string | null, alt: string, ...caption: Inline[]): PMNode {
  return schema.nodes.figure!.create({ id, image, alt }, inline(caption));
}

export const recommendationList = (): PMNode => schema.nodes.recommendationList!.create();
