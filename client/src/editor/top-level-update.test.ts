// @vitest-environment happy-dom
/**
 * The limited top-level update draws exactly what prosemirror-view's own does: two views of the
 * same states, one limited and one not, through seeded random edits (typing, deletions within and
 * across blocks, splits, joins, block type changes) and random decorations (node decorations on
 * blocks, inline ranges and widgets inside them, now and then a widget between blocks or an inline
 * range across two), must hold the same DOM after every step, and every block of the limited view
 * must match the reference view's block with its decorations. And typing in one block visits one
 * block, on 300 blocks as on 1,500, as does a decoration moving in one block (another person's caret).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, EditorView } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { concordSchema } from '@concord/shared';
import { limitTopLevelUpdates, topLevelCounters } from './top-level-update';
import { installDecorationLookup } from './decoration-lookup';
import { random } from './y-binding/random-edits';

installDecorationLookup();
const schema = concordSchema();
const views: EditorView[] = [];
afterEach(() => views.splice(0).forEach((v) => v.destroy()));

type Random = ReturnType<typeof random>;

function reportDoc(blocks: number): PMNode {
  return schema.nodeFromJSON({
    type: 'doc',
    content: Array.from({ length: blocks }, (_, i) => {
      const content = [{ type: 'text', text: `Block ${i} says something about the report.` }];
      if (i % 10 === 0) return { type: 'heading', attrs: { level: 2 }, content };
      if (i % 12 === 6) return { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content }] }] };
      return { type: 'paragraph', content };
    }),
  });
}

/** Top-level blocks with their positions. */
function blocks(doc: PMNode): { node: PMNode; pos: number }[] {
  const out: { node: PMNode; pos: number }[] = [];
  doc.forEach((node, pos) => out.push({ node, pos }));
  return out;
}

/** Text positions inside block `b` (inside its first text block). */
function textRange(doc: PMNode, pos: number): { from: number; to: number } | null {
  const block = doc.nodeAt(pos)!;
  if (block.isTextblock) return { from: pos + 1, to: pos + 1 + block.content.size };
  let found: { from: number; to: number } | null = null;
  block.descendants((node, p) => {
    if (found) return false;
    if (node.isTextblock) {
      found = { from: pos + 1 + p + 1, to: pos + 1 + p + 1 + node.content.size };
      return false;
    }
    return true;
  });
  return found;
}

const decoKey = new PluginKey<DecorationSet>('randomDecorations');

/** Random decorations, mapped through every change, some added and removed with each step. */
function decorationPlugin(rand: Random, options: { spread: boolean }) {
  const make = (doc: PMNode, across = options.spread): Decoration[] => {
    const out: Decoration[] = [];
    const all = blocks(doc);
    const { node, pos } = all[rand.int(all.length)]!;
    // Now and then, with `across`, a decoration the limited update leaves to prosemirror-view.
    const kind = across && rand.chance(0.2) ? 4 + rand.int(2) : rand.int(4);
    const text = textRange(doc, pos);
    if (kind === 0) out.push(Decoration.node(pos, pos + node.nodeSize, { class: `n${rand.int(3)}` }));
    else if (kind === 1 && text && text.to > text.from) {
      const from = text.from + rand.int(text.to - text.from);
      out.push(Decoration.inline(from, Math.min(text.to, from + 1 + rand.int(5)), { class: `i${rand.int(3)}` }));
    } else if (kind === 2 && text) {
      const at = text.from + rand.int(text.to - text.from + 1);
      const id = rand.int(5);
      out.push(
        Decoration.widget(at, () => Object.assign(document.createElement('span'), { className: `w${id}` }), { key: `w${id}@${at}` }),
      );
    } else if (kind === 3) {
      out.push(Decoration.node(pos, pos + node.nodeSize, { 'data-mark': String(rand.int(3)) }, { spec: rand.int(2) }));
    } else if (kind === 4) {
      // A widget between two blocks.
      out.push(Decoration.widget(pos, () => Object.assign(document.createElement('div'), { className: 'between' }), { key: `b@${pos}` }));
    } else if (kind === 5 && all.length > 1) {
      // An inline range across a block boundary.
      const next = all.find((b) => b.pos > pos);
      const nextText = next && textRange(doc, next.pos);
      if (text && nextText)
        out.push(Decoration.inline(text.to - 1 > text.from ? text.to - 1 : text.from, nextText.from + 1, { class: 'across' }));
    }
    return out;
  };
  return new Plugin<DecorationSet>({
    key: decoKey,
    state: {
      init: (_c, state) => DecorationSet.create(state.doc, Array.from({ length: 40 }, () => make(state.doc, false)).flat()),
      apply: (tr, set) => {
        let next = tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
        if (tr.getMeta(decoKey) || rand.chance(0.15)) {
          const existing = next.find();
          if (existing.length && rand.chance(0.5)) next = next.remove([existing[rand.int(existing.length)]!]);
          if (rand.chance(0.6)) next = next.add(tr.doc, make(tr.doc));
        }
        return next;
      },
    },
    props: { decorations: (state) => decoKey.getState(state) },
  });
}

function randomEdit(state: EditorState, rand: Random): Transaction {
  const tr = state.tr;
  const all = blocks(state.doc);
  const { node, pos } = all[rand.int(all.length)]!;
  const text = textRange(state.doc, pos);
  const kind = rand.int(10);
  if (kind <= 3 && text) {
    tr.insertText('xy'.slice(0, 1 + rand.int(2)), text.from + rand.int(text.to - text.from + 1));
  } else if (kind === 4 && text && text.to > text.from) {
    const from = text.from + rand.int(text.to - text.from);
    tr.delete(from, Math.min(text.to, from + 1 + rand.int(3)));
  } else if (kind === 5 && text) {
    tr.split(text.from + rand.int(text.to - text.from + 1));
  } else if (kind === 6 && text) {
    // Across blocks: from this block's text into the next one's.
    const next = all.find((b) => b.pos > pos);
    const nextText = next && textRange(state.doc, next.pos);
    if (nextText) tr.delete(text.to - 1 > text.from ? text.to - 1 : text.from, nextText.from + 1);
  } else if (kind === 7 && node.type.name === 'paragraph') {
    tr.setNodeMarkup(pos, schema.nodes.heading, { level: 3 });
  } else if (kind === 8 && node.type.name === 'heading') {
    tr.setNodeMarkup(pos, undefined, { ...node.attrs, level: node.attrs.level === 2 ? 3 : 2 });
  } else if (kind === 9) {
    tr.setMeta(decoKey, true);
  }
  if (text && rand.chance(0.5))
    tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(tr.mapping.map(text.from), tr.doc.content.size))));
  return tr;
}

interface DescView {
  docView: {
    children: {
      node: PMNode;
      dirty: number;
      outerDeco: readonly Decoration[];
      innerDeco: unknown;
      matchesNode: (...a: unknown[]) => boolean;
    }[];
  };
}

function mount(state: EditorState, limited: boolean): EditorView {
  const view = new EditorView(document.createElement('div'), { state });
  if (limited) limitTopLevelUpdates(view);
  views.push(view);
  return view;
}

describe('top-level updates limited to the changed blocks', () => {
  it('draw what prosemirror-view draws, through random edits and decorations', () => {
    const seeds = process.env.TOP_LEVEL_SEED ? [Number(process.env.TOP_LEVEL_SEED)] : [1, 2, 3, 4, 5, 6, 7, 8];
    for (const seed of seeds) {
      const rand = random(seed);
      const options = { spread: false };
      const plugin = decorationPlugin(rand, options);
      let state = EditorState.create({ doc: reportDoc(60), plugins: [plugin] });
      const limited = mount(state, true);
      const reference = mount(state, false);
      const before = { ...topLevelCounters };
      for (let step = 0; step < 150; step++) {
        // Even seeds: in the second half, widgets between blocks and ranges across two.
        options.spread = seed % 2 === 0 && step >= 75;
        state = state.apply(randomEdit(state, rand));
        limited.updateState(state);
        reference.updateState(state);
        const context = `seed ${seed}, step ${step}`;
        expect(limited.dom.innerHTML, context).toBe(reference.dom.innerHTML);
        const mine = (limited as unknown as DescView).docView.children;
        const theirs = (reference as unknown as DescView).docView.children;
        expect(mine.length, context).toBe(theirs.length);
        mine.forEach((desc, i) => {
          // A widget between blocks has no node; the DOM comparison covers it.
          expect(!desc.node, context).toBe(!theirs[i]!.node);
          if (!desc.node) return;
          expect(desc.node.eq(theirs[i]!.node), context).toBe(true);
          expect(desc.dirty, context).toBe(0);
          expect(desc.matchesNode(theirs[i]!.node, theirs[i]!.outerDeco, theirs[i]!.innerDeco), `${context}, block ${i}`).toBe(true);
        });
      }
      // Both paths were taken.
      expect(topLevelCounters.limited - before.limited, `seed ${seed}`).toBeGreaterThan(10);
      expect(topLevelCounters.original - before.original, `seed ${seed}`).toBeGreaterThan(5);
      limited.destroy();
      reference.destroy();
      views.splice(0);
    }
  }, 60_000);

  /** A node decoration on every fifth block, as the gutter and the markers give the window. */
  const everyFifthBlockMarked = () =>
    new Plugin({
      props: {
        decorations: (state) =>
          DecorationSet.create(
            state.doc,
            blocks(state.doc)
              .filter((_, i) => i % 5 === 0)
              .map((b) => Decoration.node(b.pos, b.pos + b.node.nodeSize, { class: 'g' })),
          ),
      },
    });

  it('typing in one block visits that block only, on 300 blocks as on 1,500', () => {
    const visited = (count: number) => {
      const decorate = everyFifthBlockMarked();
      let state = EditorState.create({ doc: reportDoc(count), plugins: [decorate] });
      const view = mount(state, true);
      const middle = blocks(state.doc)[Math.floor(count / 2) + 1]!;
      const at = textRange(state.doc, middle.pos)!.to;
      const before = { ...topLevelCounters };
      for (let k = 0; k < 5; k++) {
        state = state.apply(state.tr.insertText('x', at + k));
        view.updateState(state);
      }
      return { visited: topLevelCounters.blocksVisited - before.blocksVisited, original: topLevelCounters.original - before.original };
    };
    const small = visited(300);
    const large = visited(1500);
    expect(large).toEqual(small);
    expect(large).toEqual({ visited: 5, original: 0 });
  });

  it("a decoration moving inside one block (another person's caret) redraws that block only, on 300 blocks as on 1,500", () => {
    const caretKey = new PluginKey<DecorationSet>('caret');
    const redrawn = (count: number) => {
      const caret = (doc: PMNode, pos: number) =>
        DecorationSet.create(doc, [Decoration.widget(pos, () => Object.assign(document.createElement('span'), { className: 'caret' }))]);
      const plugins = [
        everyFifthBlockMarked(),
        new Plugin<DecorationSet>({
          key: caretKey,
          state: {
            init: () => DecorationSet.empty,
            apply: (tr, set) => (tr.getMeta(caretKey) as DecorationSet | undefined) ?? set.map(tr.mapping, tr.doc),
          },
          props: { decorations: (state) => caretKey.getState(state) },
        }),
      ];
      let state = EditorState.create({ doc: reportDoc(count), plugins });
      const view = mount(state, true);
      const reference = mount(state, false);
      const all = blocks(state.doc);
      const before = { ...topLevelCounters };
      // The caret appears in one block, moves within it, then to another block, then goes.
      const places = [all[3]!, all[3]!, all[Math.floor(count / 2)]!];
      for (const [k, place] of places.entries()) {
        const at = textRange(state.doc, place.pos)!.from + k;
        state = state.apply(state.tr.setMeta(caretKey, caret(state.doc, at)));
        view.updateState(state);
        reference.updateState(state);
        expect(view.dom.innerHTML).toBe(reference.dom.innerHTML);
      }
      state = state.apply(state.tr.setMeta(caretKey, DecorationSet.empty));
      view.updateState(state);
      reference.updateState(state);
      expect(view.dom.innerHTML).toBe(reference.dom.innerHTML);
      expect(view.dom.querySelectorAll('.caret')).toHaveLength(0);
      return { visited: topLevelCounters.blocksVisited - before.blocksVisited, original: topLevelCounters.original - before.original };
    };
    const small = redrawn(300);
    const large = redrawn(1500);
    expect(large).toEqual(small);
    // Appears (1), moves within its block (1), moves to another block (2: the one left, the one reached), goes (1).
    expect(large).toEqual({ visited: 5, original: 0 });
  });
});
