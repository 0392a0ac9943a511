/**
 * Seeded random editing of a Y.Doc the way Concord documents are shaped: a
 * TipTap XML fragment of paragraphs and headings (with or without block ids),
 * plus a plain Y.Text, a Y.Map and a Y.Array so every kind of struct occurs.
 */
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, Y_FRAGMENT_NAME } from '@concord/shared';
import type { Random } from './random.js';

export interface EditOptions {
  /** Give new blocks an id (as Concord's editor does); without, the server assigns one. Default true. */
  blockIds?: boolean;
  /** Include map and array edits (not used by the editor). Default true. */
  otherTypes?: boolean;
}

export type EditKind =
  'text-insert' | 'text-delete' | 'text-format' | 'block-insert' | 'block-text' | 'block-delete' | 'block-attr' | 'map-set' | 'array-push';

/** Makes one random edit in one transaction; returns what it did. */
export function randomEdit(doc: Y.Doc, r: Random, options: EditOptions = {}): EditKind {
  const kinds: [number, EditKind][] = [
    [4, 'text-insert'],
    [2, 'text-delete'],
    [1, 'text-format'],
    [3, 'block-insert'],
    [4, 'block-text'],
    [1, 'block-delete'],
    [1, 'block-attr'],
  ];
  if (options.otherTypes ?? true) kinds.push([1, 'map-set'], [1, 'array-push']);
  const kind = r.weighted(kinds);
  doc.transact(() => edit(doc, r, kind, options.blockIds ?? true));
  return kind;
}

function edit(doc: Y.Doc, r: Random, kind: EditKind, blockIds: boolean): void {
  const text = doc.getText('t');
  const fragment = doc.getXmlFragment(Y_FRAGMENT_NAME);
  const blocks = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  switch (kind) {
    case 'text-insert': {
      const attrs = r.chance(0.2) ? { bold: true } : undefined;
      text.insert(safeIndex(text, r.int(text.length + 1)), `${r.word()} `, attrs);
      return;
    }
    case 'text-delete': {
      if (text.length === 0) return edit(doc, r, 'text-insert', blockIds);
      const [at, len] = safeRange(text, r.int(text.length), 1 + r.int(8));
      if (len > 0) text.delete(at, len);
      return;
    }
    case 'text-format': {
      if (text.length === 0) return edit(doc, r, 'text-insert', blockIds);
      const [at, len] = safeRange(text, r.int(text.length), 1 + r.int(10));
      if (len > 0) text.format(at, len, { italic: r.chance(0.7) ? true : null });
      return;
    }
    case 'block-insert': {
      const heading = r.chance(0.25);
      const element = new Y.XmlElement(heading ? 'heading' : 'paragraph');
      if (heading) element.setAttribute('level', String(r.range(1, 3)) as never);
      if (blockIds) element.setAttribute(BLOCK_ID_ATTR, `b-${r.int(2 ** 30).toString(36)}-${r.int(2 ** 30).toString(36)}`);
      const inner = new Y.XmlText();
      inner.insert(0, `${r.word()} ${r.word()}`);
      element.insert(0, [inner]);
      fragment.insert(r.int(fragment.length + 1), [element]);
      return;
    }
    case 'block-text': {
      const inner = blocks.length ? textOf(r.pick(blocks)) : undefined;
      if (!inner) return edit(doc, r, 'block-insert', blockIds);
      if (inner.length > 0 && r.chance(0.3)) {
        const [at, len] = safeRange(inner, r.int(inner.length), 1 + r.int(5));
        if (len > 0) inner.delete(at, len);
      } else {
        inner.insert(safeIndex(inner, r.int(inner.length + 1)), `${r.word()} `, r.chance(0.15) ? { bold: true } : undefined);
      }
      return;
    }
    case 'block-delete': {
      if (fragment.length === 0) return edit(doc, r, 'block-insert', blockIds);
      fragment.delete(r.int(fragment.length), 1);
      return;
    }
    case 'block-attr': {
      if (blocks.length === 0) return edit(doc, r, 'block-insert', blockIds);
      r.pick(blocks).setAttribute('textAlign', r.pick(['left', 'center', 'right']) as never);
      return;
    }
    case 'map-set':
      doc.getMap('m').set(r.pick(['a', 'b', 'c']), r.chance(0.5) ? r.int(1000) : { nested: [r.word(), r.int(10)] });
      return;
    case 'array-push':
      doc.getArray('a').insert(r.int(doc.getArray('a').length + 1), [r.word(), r.int(100)]);
      return;
  }
}

/**
 * Positions never fall inside a surrogate pair (an emoji), as in an editor: Yjs
 * replaces the halves of a pair it has to split with U+FFFD, and replicas that
 * split it at different moments then disagree on the text (a Yjs limitation).
 */
function safeIndex(text: Y.Text, index: number): number {
  // Plain text, one unit per embed (XmlText's toString() would add formatting tags).
  const s = (text.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : ' ')).join('');
  const code = s.charCodeAt(index - 1);
  return index > 0 && index < s.length && code >= 0xd800 && code <= 0xdbff ? index - 1 : index;
}

function safeRange(text: Y.Text, at: number, len: number): [number, number] {
  const start = safeIndex(text, at);
  const end = safeIndex(text, Math.min(text.length, at + len));
  return [start, Math.max(0, end - start)];
}

function textOf(block: Y.XmlElement): Y.XmlText | undefined {
  const first = block.get(0);
  return first instanceof Y.XmlText ? first : undefined;
}

/**
 * A report-sized document: `paragraphs` paragraphs with ids, each typed in
 * `edits` random insertions (so items do not all merge), about 1 KB of state each.
 */
export function reportDocument(r: Random, paragraphs: number, edits = 30): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = r.clientId();
  const fragment = doc.getXmlFragment(Y_FRAGMENT_NAME);
  for (let p = 0; p < paragraphs; p++) {
    const element = new Y.XmlElement('paragraph');
    element.setAttribute(BLOCK_ID_ATTR, `report-${p}`);
    const inner = new Y.XmlText();
    element.insert(0, [inner]);
    fragment.insert(fragment.length, [element]);
    for (let w = 0; w < edits; w++) inner.insert(r.int(inner.length + 1), `${r.word()} `, r.chance(0.1) ? { bold: true } : undefined);
  }
  return doc;
}
