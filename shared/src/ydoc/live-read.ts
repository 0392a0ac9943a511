/**
 * The server's ProseMirror copy of a Y.Doc, kept up to date block by block.
 *
 * `ydocToProseMirror` converts the whole document. The server reads it after
 * edits several times a second (the stale-agreement check, threads, votes,
 * the consensus answer): on the 150-page report each conversion took 20–40 ms
 * of the event loop, whatever the edit — part of every other socket's latency
 * tail (issue 21). This keeps each top-level block's node and converts again
 * only the blocks a Yjs transaction touched, so an edit costs one block, and the
 * unchanged blocks keep their node objects (which `ConsensusIndex` caches by).
 *
 * Each block is converted by @tiptap/y-tiptap's own conversion (the editor's),
 * given a one-element list; its attributes are brought back to the schema as
 * `ydocToProseMirror` does. The result equals `ydocToProseMirror` (tested on
 * random edits, live-read.test.ts).
 */
import type * as Y from 'yjs';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorFragment } from '@tiptap/y-tiptap';
import { concordSchema } from '../schema/index.js';
import { trustedNode } from './attrs.js';
import { docFragment } from './read.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Y type of the document
type YType = Y.AbstractType<any>;

export class LiveProseMirror {
  private readonly fragment: Y.XmlFragment;
  private readonly schema: Schema = concordSchema();
  /** Each top-level Y element's node (null: y-tiptap could not build it). */
  private nodes = new Map<YType, PMNode | null>();
  private readonly dirty = new Set<YType>();
  /** Top-level elements were added, removed or moved (or this is the first read). */
  private structural = true;
  private root: PMNode | undefined;
  /** Top-level blocks converted so far (tests count them). */
  converted = 0;

  constructor(doc: Y.Doc) {
    this.fragment = docFragment(doc);
    this.fragment.observeDeep((events) => {
      for (const event of events) {
        const top = topLevelOf(event.target as YType, this.fragment);
        if (top === null) this.structural = true;
        else this.dirty.add(top);
      }
    });
  }

  /** The document now; the same object until Yjs changes. */
  current(): PMNode {
    if (this.root && !this.structural && this.dirty.size === 0) return this.root;
    // Taken before converting: y-tiptap deletes an element it cannot build, and that
    // transaction's events must count for the next read, not be cleared by this one.
    const dirty = new Set(this.dirty);
    this.dirty.clear();
    this.structural = false;
    const next = new Map<YType, PMNode | null>();
    const children: PMNode[] = [];
    for (const el of this.fragment.toArray()) {
      let node = dirty.has(el) ? undefined : this.nodes.get(el);
      if (node === undefined) node = this.convert(el);
      next.set(el, node);
      if (node) children.push(node);
    }
    this.nodes = next;
    this.root = this.schema.topNodeType.create(null, children);
    return this.root;
  }

  private convert(el: YType): PMNode | null {
    this.converted++;
    // y-tiptap's fragment conversion reads only `toArray()`: given one element, it converts that one.
    const one = { toArray: () => [el] } as unknown as Y.XmlFragment;
    const node = yXmlFragmentToProseMirrorFragment(one, this.schema).firstChild;
    return node ? trustedNode(node, this.schema) : null;
  }
}

/** The top-level element holding `type`, or null for the fragment itself (or a type outside it). */
function topLevelOf(type: YType, fragment: Y.XmlFragment): YType | null {
  let current: YType = type;
  for (;;) {
    const parent = current._item?.parent as YType | undefined;
    if (!parent || current === fragment) return null;
    if (parent === fragment) return current;
    current = parent;
  }
}
