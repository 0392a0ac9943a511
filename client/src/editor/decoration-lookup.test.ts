/**
 * The patched lookup of a child's decorations gives what prosemirror-view's own
 * gives — the same subtree object — for every top-level node of a report, for
 * sets shaped like the gutter's (a node decoration on each block of a window,
 * nested lists) and the comment markers' (widgets and inline highlights inside
 * blocks), and leaves a set with inline decorations of its own to the original.
 */
import { describe, expect, it } from 'vitest';
import { Decoration, DecorationSet, type DecorationSource } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { concordSchema } from '@concord/shared';
import { installDecorationLookup, lookupCounters, originalForChild } from './decoration-lookup';

installDecorationLookup();

/** Paragraphs, a heading every 10th block, a two-item list every 12th. */
function report(blocks: number): PMNode {
  const paragraph = (i: number) => ({
    type: 'paragraph',
    attrs: { id: `b${i}` },
    content: [{ type: 'text', text: `Paragraph ${i} of the report.` }],
  });
  return concordSchema().nodeFromJSON({
    type: 'doc',
    content: Array.from({ length: blocks }, (_, i) => {
      if (i % 10 === 0) return { type: 'heading', attrs: { id: `b${i}`, level: 2 }, content: [{ type: 'text', text: `Heading ${i}` }] };
      if (i % 12 === 6)
        return {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [paragraph(i)] },
            { type: 'listItem', content: [paragraph(i + 0.5)] },
          ],
        };
      return paragraph(i);
    }),
  });
}

/** [position, node] of each top-level child. */
function children(doc: PMNode): [number, PMNode][] {
  const out: [number, PMNode][] = [];
  doc.forEach((node, offset) => out.push([offset, node]));
  return out;
}

/** Decorations of the gutter's shape on top-level nodes first..last: one per block, nested ones in lists. */
function gutterLike(doc: PMNode, first: number, last: number): Decoration[] {
  const out: Decoration[] = [];
  children(doc).forEach(([pos, node], index) => {
    if (index < first || index > last) return;
    if (node.type.name !== 'bulletList') {
      out.push(Decoration.node(pos, pos + node.nodeSize, { class: 'cg-block' }));
      return;
    }
    node.descendants((child, at) => {
      if (child.type.name !== 'paragraph') return true;
      out.push(Decoration.node(pos + 1 + at, pos + 1 + at + child.nodeSize, { class: 'cg-block' }));
      return false;
    });
  });
  return out;
}

/** The comment markers' shape: a widget at the start of every 7th block and an inline highlight inside it. */
function markersLike(doc: PMNode): Decoration[] {
  const out: Decoration[] = [];
  children(doc).forEach(([pos, node], index) => {
    if (index % 7 !== 3 || node.type.name === 'bulletList') return;
    out.push(Decoration.widget(pos + 1, () => document.createElement('span'), { key: `m${index}` }));
    out.push(Decoration.inline(pos + 2, pos + 6, { class: 'quote' }));
  });
  return out;
}

/** What a lookup answered, comparable across calls: every decoration with its place and kind. */
function listed(source: DecorationSource): string[] {
  const out: string[] = [];
  source.forEachSet((set) => set.find().forEach((d) => out.push(`${d.from}-${d.to}:${JSON.stringify(d.spec)}`)));
  return out.sort();
}

describe('decoration lookup', () => {
  const doc = report(600);

  it('answers with the very subtree the original finds, for every top-level node', () => {
    const sets = [
      DecorationSet.create(doc, gutterLike(doc, 280, 340)),
      DecorationSet.create(doc, gutterLike(doc, 0, 599)),
      DecorationSet.create(doc, markersLike(doc)),
      DecorationSet.create(doc, [...gutterLike(doc, 100, 160), ...markersLike(doc)]),
    ];
    const before = { ...lookupCounters };
    for (const set of sets)
      for (const [offset, node] of children(doc)) expect(set.forChild(offset, node)).toBe(originalForChild(set, offset, node));
    expect(lookupCounters.searched - before.searched).toBe(sets.length * doc.childCount);
    expect(lookupCounters.scanned).toBe(before.scanned);
  });

  it('keeps the answers of a set mapped through an edit', () => {
    const set = DecorationSet.create(doc, [...gutterLike(doc, 280, 340), ...markersLike(doc)]);
    const [at] = children(doc)[300]!;
    const tr = new Transform(doc).insert(at + 3, doc.type.schema.text('typed'));
    const mapped = set.map(tr.mapping, tr.doc);
    for (const [offset, node] of children(tr.doc)) expect(mapped.forChild(offset, node)).toBe(originalForChild(mapped, offset, node));
  });

  it('leaves a set with inline decorations of its own, across blocks, to the original scan', () => {
    const [from] = children(doc)[20]!;
    const [to, last] = children(doc)[24]!;
    const set = DecorationSet.create(doc, [
      ...gutterLike(doc, 0, 50),
      Decoration.inline(from + 3, to + last.nodeSize - 3, { class: 'across' }, { across: true }),
    ]);
    const before = lookupCounters.scanned;
    for (const [offset, node] of children(doc))
      expect(listed(set.forChild(offset, node))).toEqual(listed(originalForChild(set, offset, node)));
    expect(lookupCounters.scanned - before).toBe(doc.childCount);
    // The inline decoration reaches the blocks it crosses, clipped to each.
    const [offset, node] = children(doc)[22]!;
    expect(listed(set.forChild(offset, node)).some((d) => d.includes('across'))).toBe(true);
  });
});
