/**
 * Every block has an id, whoever wrote it: Concord's editor assigns ids itself,
 * but the stock y-websocket client, scripts and imports may not. After commits,
 * the server gives an id to any paragraph or heading without one, and a new id
 * to a later duplicate (first in document order keeps it). The change is an
 * ordinary server-originated update: stored, broadcast and acknowledged like any other.
 *
 * The id is derived from the block's own Yjs item id, which is the same in every
 * copy of the document: several server processes with the document open
 * (REDIS_URL) may each run this pass on the same block before hearing of the
 * other's, and they then set the same id, so nobody sees it change.
 */
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment, isBlockNodeType } from '@concord/shared';
import { createHash } from 'node:crypto';

export const SERVER_ORIGIN = 'concord-server';

/**
 * Whether a transaction can have left a block without an id (or with a
 * duplicate one): it changed a child list or the attributes of the fragment or
 * an element. Typing inside a paragraph changes only its Y.XmlText, so the
 * whole-document pass below is skipped while people type.
 */
export function mayNeedBlockIds(tr: Y.Transaction): boolean {
  for (const type of tr.changed.keys()) if (type instanceof Y.XmlFragment) return true; // Y.XmlElement extends it
  return false;
}

/** A UUID-shaped id from the element's Yjs item id: unique in the document, equal in every copy of it. */
function idFromItem(element: Y.XmlElement): string {
  const item = element._item;
  const h = createHash('sha256')
    .update(item ? `${item.id.client}:${item.id.clock}` : String(Math.random()))
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Returns how many ids were assigned. */
export function assignMissingBlockIds(doc: Y.Doc, newId: (element: Y.XmlElement) => string = idFromItem): number {
  const missing: Y.XmlElement[] = [];
  const seen = new Set<string>();
  // Iterative, document order: untrusted content must not be able to overflow the stack.
  const stack: (Y.XmlFragment | Y.XmlElement | Y.XmlText | Y.XmlHook)[] = docFragment(doc).toArray().reverse();
  while (stack.length > 0) {
    const child = stack.pop()!;
    if (!(child instanceof Y.XmlElement)) continue;
    if (isBlockNodeType(child.nodeName)) {
      const id: unknown = child.getAttribute(BLOCK_ID_ATTR);
      if (typeof id !== 'string' || id === '' || seen.has(id)) missing.push(child);
      else seen.add(id);
    }
    const children = child.toArray();
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  if (missing.length === 0) return 0;
  doc.transact(() => {
    for (const element of missing) element.setAttribute(BLOCK_ID_ATTR, newId(element));
  }, SERVER_ORIGIN);
  return missing.length;
}
