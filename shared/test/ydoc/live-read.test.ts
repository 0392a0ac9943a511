/**
 * LiveProseMirror (the server's block-by-block copy of a Y.Doc) must always
 * equal a full `ydocToProseMirror`, and convert only the blocks that changed.
 * Seeded random edits straight on the Y types, as any peer could make them:
 * text typed and deleted inside nested blocks, marks, attributes (valid and not),
 * blocks added, removed and moved, several changes in one transaction.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment, LiveProseMirror, updateFromProseMirrorJSON, ydocToProseMirror } from '../../src/index.js';
import { generateReport } from '../../src/fixtures/index.js';
import { seededRandom, type Random } from '../../src/fixtures/prng.js';

function reportDoc(pages: number): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, updateFromProseMirrorJSON(generateReport({ pages, seed: 5 }) as unknown as Record<string, unknown>));
  return doc;
}

function textsIn(type: Y.XmlFragment | Y.XmlElement, out: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of type.toArray()) {
    if (child instanceof Y.XmlText) out.push(child);
    else if (child instanceof Y.XmlElement) textsIn(child, out);
  }
  return out;
}

function elementsIn(type: Y.XmlFragment | Y.XmlElement, out: Y.XmlElement[] = []): Y.XmlElement[] {
  for (const child of type.toArray()) {
    if (child instanceof Y.XmlElement) {
      out.push(child);
      elementsIn(child, out);
    }
  }
  return out;
}

function paragraph(text: string, id: string): Y.XmlElement {
  const el = new Y.XmlElement('paragraph');
  el.setAttribute('id', id);
  const t = new Y.XmlText();
  t.insert(0, text);
  el.insert(0, [t]);
  return el;
}

/** One random change to the document. */
function randomEdit(doc: Y.Doc, random: Random): void {
  const fragment = docFragment(doc);
  const texts = textsIn(fragment).filter((t) => t.length > 0);
  const kind = random.int(0, 7);
  if (kind <= 2 && texts.length > 0) {
    const t = random.pick(texts);
    t.insert(random.int(0, t.length), random.pick(['a', ' word', 'é — ', '']));
  } else if (kind === 3 && texts.length > 0) {
    const t = random.pick(texts);
    const at = random.int(0, t.length - 1);
    t.delete(at, Math.min(t.length - at, random.int(1, 5)));
  } else if (kind === 4 && texts.length > 0) {
    const t = random.pick(texts);
    const at = random.int(0, t.length - 1);
    t.format(at, Math.min(t.length - at, random.int(1, 8)), random.pick([{ bold: {} }, { italic: {} }, { bold: null }]));
  } else if (kind === 5) {
    const elements = elementsIn(fragment);
    const el = random.pick(elements);
    // Valid and invalid values alike: the reader brings them back to the schema.
    if (el.nodeName === 'heading') el.setAttribute('level', random.pick([1, 2, 3, 'x'] as unknown as string[]));
    else el.setAttribute('recommendation', random.pick([true, 'yes', false] as unknown as string[]));
  } else if (kind === 6) {
    fragment.insert(random.int(0, fragment.length), [paragraph(`New ${random.int(0, 1e6)}`, random.uuid())]);
  } else if (fragment.length > 2) {
    const from = random.int(0, fragment.length - 1);
    const moved = fragment.get(from);
    const copy = moved instanceof Y.XmlElement ? (moved.clone() as Y.XmlElement) : null;
    fragment.delete(from, 1);
    if (copy && random.chance(0.5)) fragment.insert(random.int(0, fragment.length), [copy]);
  }
}

describe('LiveProseMirror', () => {
  it('equals a full conversion after every random edit, alone and batched in transactions', () => {
    for (const seed of [1, 2, 3]) {
      const doc = reportDoc(3);
      const live = new LiveProseMirror(doc);
      const random = seededRandom(seed);
      expect(live.current().toJSON()).toEqual(ydocToProseMirror(doc).toJSON());
      for (let step = 0; step < 150; step++) {
        const edits = random.chance(0.3) ? random.int(2, 5) : 1;
        doc.transact(() => {
          for (let i = 0; i < edits; i++) randomEdit(doc, random);
        });
        if (random.chance(0.6)) expect(live.current().toJSON(), `seed ${seed}, step ${step}`).toEqual(ydocToProseMirror(doc).toJSON());
      }
      expect(live.current().toJSON()).toEqual(ydocToProseMirror(doc).toJSON());
    }
  });

  it('converts one block per edited block, on 5 pages and on 50, and keeps the others’ node objects', () => {
    const costs = [5, 50].map((pages) => {
      const doc = reportDoc(pages);
      const live = new LiveProseMirror(doc);
      const before = live.current();
      const converted = live.converted;
      expect(live.current()).toBe(before);
      textsIn(docFragment(doc))[4]!.insert(0, 'Typed ');
      const after = live.current();
      let kept = 0;
      after.forEach((node, _offset, i) => {
        if (node === before.child(i)) kept++;
      });
      return { blocks: before.childCount, first: converted, edit: live.converted - converted, kept };
    });
    for (const c of costs) {
      expect(c.first).toBe(c.blocks);
      expect(c.edit).toBe(1);
      expect(c.kept).toBe(c.blocks - 1);
    }
    expect(costs[1]!.blocks).toBeGreaterThan(costs[0]!.blocks * 5);
  });
});
