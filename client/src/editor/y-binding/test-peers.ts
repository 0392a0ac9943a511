/**
 * Headless editors for the binding's tests (happy-dom): Concord's schema,
 * Collaboration and the undo fix, as the client builds them, each on its own
 * Y.Doc, exchanging updates through queues the test delivers from.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { Editor, type Extensions } from '@tiptap/core';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import { concordExtensions, Y_FRAGMENT_NAME } from '@concord/shared';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { concordSchema } from '@concord/shared';
import { UndoSelectionFix } from '../undo-selection-fix';

export interface Peer {
  name: string;
  doc: Y.Doc;
  editor: Editor;
  inbox: Uint8Array[];
}

/** Origin of updates applied from other peers (they are not sent on again). */
export const NETWORK = Symbol('network');

/** `seed`: a Yjs update every peer starts from (faster than typing a long document in). */
/**
 * A TipTap editor on `doc` as the app builds it (Concord's schema, the
 * Collaboration binding, remote changes not filtered as local), attached to the
 * page, with `extra` extensions after those.
 */
export function mountCollaborativeEditor(doc: Y.Doc, extra: Extensions = []): Editor {
  const element = document.createElement('div');
  document.body.append(element);
  return new Editor({
    element,
    extensions: [
      ...concordExtensions({ filterTransaction: (tr) => !isChangeOrigin(tr) }),
      Collaboration.configure({ document: doc, field: Y_FRAGMENT_NAME }),
      ...extra,
    ],
  });
}

/** Someone else editing the same document: their own copy and their presence. */
export interface Collaborator {
  doc: Y.Doc;
  awareness: Awareness;
}

/**
 * `count` people with copies of `seed`, each announcing a name, whose every
 * update goes to `relay` (as the server relays it: one message per update).
 */
export function seededCollaborators(count: number, seed: Uint8Array, relay: (update: Uint8Array) => void): Collaborator[] {
  return Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seed);
    doc.on('update', relay);
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name: `Commissioner ${i}`, color: '#aa3300' } });
    return { doc, awareness };
  });
}

export function createPeers(count: number, extra: Extensions = [], seed?: Uint8Array): Peer[] {
  const peers: Peer[] = [];
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc();
    doc.clientID = 100 + i;
    if (seed) Y.applyUpdate(doc, seed);
    const editor = mountCollaborativeEditor(doc, [UndoSelectionFix, ...extra]);
    peers.push({ name: String.fromCharCode(65 + i), doc, editor, inbox: [] });
  }
  for (const peer of peers) {
    peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === NETWORK) return;
      for (const other of peers) if (other !== peer) other.inbox.push(update);
    });
  }
  return peers;
}

/** Applies the first `count` queued updates (all by default) to the peer, each as its own remote transaction. */
export function deliver(peer: Peer, count = peer.inbox.length): void {
  for (const update of peer.inbox.splice(0, count)) Y.applyUpdate(peer.doc, update, NETWORK);
}

export function settle(peers: readonly Peer[]): void {
  for (let round = 0; round < 10 && peers.some((p) => p.inbox.length > 0); round++) for (const p of peers) deliver(p);
}

export function destroyPeers(peers: readonly Peer[]): void {
  for (const p of peers) {
    p.editor.destroy();
    p.doc.destroy();
  }
}

/** What the peer's Y.Doc holds, as a ProseMirror document in the editor's schema. */
export function yjsDocOf(peer: Peer) {
  return yXmlFragmentToProseMirrorRootNode(peer.doc.getXmlFragment(Y_FRAGMENT_NAME), peer.editor.schema);
}

/** A Yjs update holding `blocks` top-level blocks with ids (a heading every tenth), like a long report. */
export function seedReport(blocks: number): Uint8Array {
  const content = Array.from({ length: blocks }, (_, i) =>
    i % 10 === 0
      ? { type: 'heading', attrs: { level: 2, id: `h${i}` }, content: [{ type: 'text', text: `Section ${i}` }] }
      : {
          type: 'paragraph',
          attrs: { id: `p${i}` },
          content: [{ type: 'text', text: `Paragraph ${i} of the report, with some words in it.` }],
        },
  );
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(concordSchema(), { type: 'doc', content }, doc.getXmlFragment(Y_FRAGMENT_NAME));
  return Y.encodeStateAsUpdate(doc);
}
