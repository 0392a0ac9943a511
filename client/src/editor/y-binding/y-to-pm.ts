/**
 * Yjs → ProseMirror nodes for the incremental binding, reusing the binding's
 * mapping: a Y type that did not change keeps its ProseMirror node (the same
 * object), so only changed blocks are built and the view can tell the rest
 * apart by identity. Same conversion as @tiptap/y-tiptap 3.0.9's
 * createNodeFromYElement (which it does not export), without snapshots.
 */
import * as Y from 'yjs';
import type { Mark, Node as PMNode, Schema } from '@tiptap/pm/model';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { bindingCounters } from './counters';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- keys are Y types of every kind
export type Mapping = Map<Y.AbstractType<any>, PMNode | PMNode[]>;

/** The node for `el`: from the mapping when it is unchanged, built (and mapped) otherwise; null if it cannot be built. */
export function nodeOf(el: Y.XmlElement, schema: Schema, mapping: Mapping): PMNode | null {
  const mapped = mapping.get(el);
  if (mapped !== undefined && !Array.isArray(mapped)) return mapped;
  return buildNode(el, schema, mapping);
}

function buildNode(el: Y.XmlElement, schema: Schema, mapping: Mapping): PMNode | null {
  bindingCounters.nodesBuilt++;
  const children: PMNode[] = [];
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlElement) {
      const node = nodeOf(child, schema, mapping);
      if (node) children.push(node);
    } else if (child instanceof Y.XmlText) {
      mergeOwnNextText(child);
      const texts = textNodes(child, schema);
      if (texts) children.push(...texts);
    }
  }
  try {
    const node = schema.node(el.nodeName, el.getAttributes(), children);
    mapping.set(el, node);
    return node;
  } catch {
    // Invalid here, probably the result of concurrent edits: as y-tiptap does, remove it from the Y document.
    el.doc?.transact((tr) => el._item?.delete(tr), ySyncPluginKey);
    mapping.delete(el);
    return null;
  }
}

/**
 * y-tiptap's fix for duplicated characters (yjs/y-prosemirror#160): when a
 * Y.Text created by this client follows another, its content moves into the first.
 */
function mergeOwnNextText(text: Y.XmlText): void {
  const next = (text._item?.right?.content as { type?: unknown } | undefined)?.type;
  if (!(next instanceof Y.Text) || next._item === null || next._item.deleted || next._item.id.client !== next.doc?.clientID) return;
  const moved = next.toDelta() as Record<string, unknown>[];
  text.applyDelta([{ retain: text.length }, ...moved]);
  next.doc.transact((tr) => next._item!.delete(tr));
}

function textNodes(text: Y.XmlText, schema: Schema): PMNode[] | null {
  const deltas = text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
  try {
    return deltas.map((d) => schema.text(d.insert as string, marksOf(d.attributes ?? {}, schema)));
  } catch {
    text.doc?.transact((tr) => text._item?.delete(tr), ySyncPluginKey);
    return null;
  }
}

/** Overlapping marks are stored as `name--hash` (y-tiptap's marksToAttributes). */
const HASHED_MARK = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

function marksOf(attrs: Record<string, unknown>, schema: Schema): Mark[] {
  const marks: Mark[] = [];
  for (const name in attrs) marks.push(schema.mark(HASHED_MARK.exec(name)?.[1] ?? name, attrs[name] as Record<string, unknown> | null));
  return marks;
}
