/**
 * The real editor without a browser: TipTap with the shared schema list plus
 * Collaboration on a Y.Doc, exactly as client/src/editor/extensions.ts builds
 * it, rendered into happy-dom. Peers exchange Yjs updates through a network we
 * control (queue, deliver), so concurrency is explicit and repeatable.
 */
import * as Y from 'yjs';
import { Editor, type Extensions } from '@tiptap/core';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import { concordExtensions, isBlockNodeType, Y_FRAGMENT_NAME } from '@concord/shared';
import { installIncrementalSync } from '../../../client/src/editor/y-binding/incremental-sync.js';

// As in the client: remote changes replace only the blocks they changed (client/src/editor/y-binding).
installIncrementalSync();

export interface Peer {
  name: string;
  doc: Y.Doc;
  editor: Editor;
}

/** `clientId` fixes the Yjs client id, which orders concurrent inserts: the same ids replay the same merge. */
export function createPeer(name: string, clientId?: number, extra: Extensions = []): Peer {
  const doc = new Y.Doc();
  if (clientId !== undefined) doc.clientID = clientId;
  const element = document.createElement('div');
  document.body.append(element);
  const editor = new Editor({
    element,
    extensions: [
      // As in the client: ids arriving from peers must not be re-minted.
      ...concordExtensions({ filterTransaction: (tr) => !isChangeOrigin(tr) }),
      Collaboration.configure({ document: doc, field: Y_FRAGMENT_NAME }),
      ...extra,
    ],
  });
  return { name, doc, editor };
}

export function destroyPeer(peer: Peer): void {
  peer.editor.destroy();
  peer.doc.destroy();
}

const NETWORK = Symbol('network');

/** Peers connected through queues: nothing arrives until `deliver()`. */
export class Network {
  private readonly inboxes = new Map<Peer, Uint8Array[]>();
  /** Editors that threw while showing a remote update (with `recover`, they were re-rendered from Yjs). */
  readonly editorErrors: { peer: string; message: string }[] = [];

  /**
   * With `recover`, an editor that throws while showing a remote update (y-tiptap
   * bugs, see clearStaleUndoSelection) is re-rendered from its Y.Doc at once, as a
   * fixed editor would show it; otherwise the error propagates.
   */
  constructor(
    readonly peers: readonly Peer[],
    private readonly options: { recover?: boolean } = {},
  ) {
    for (const peer of peers) {
      this.inboxes.set(peer, []);
      peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === NETWORK) return;
        for (const other of peers) if (other !== peer) this.inboxes.get(other)!.push(update);
      });
    }
  }

  /** Delivers everything sent so far (to every peer, or only to `to`). */
  deliver(to: readonly Peer[] = this.peers): void {
    for (const peer of to) {
      const inbox = this.inboxes.get(peer)!;
      while (inbox.length > 0) {
        try {
          Y.applyUpdate(peer.doc, inbox.shift()!, NETWORK);
        } catch (err) {
          if (!this.options.recover) throw err;
          this.editorErrors.push({ peer: peer.name, message: String(err) });
          rerenderFromYjs(peer.editor);
        }
      }
    }
  }

  /** Delivers until quiet (a delivery can make peers send more, e.g. trailing paragraphs). */
  settle(): void {
    for (let i = 0; i < 10 && [...this.inboxes.values()].some((q) => q.length > 0); i++) this.deliver();
  }
}

/** Ids of every paragraph and heading in document order, nested ones included (null when missing). */
export function blockIds(editor: Editor): (string | null)[] {
  const ids: (string | null)[] = [];
  editor.state.doc.descendants((node) => {
    if (isBlockNodeType(node.type.name)) ids.push((node.attrs.id as string | null) ?? null);
    return true;
  });
  return ids;
}

/** Ids that occur more than once. */
export function duplicates(ids: readonly (string | null)[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) if (id !== null) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

/** Text of each block, to find blocks by content. */
export function blocks(editor: Editor): { id: string | null; text: string; pos: number }[] {
  const out: { id: string | null; text: string; pos: number }[] = [];
  editor.state.doc.descendants((node, pos) => {
    if (isBlockNodeType(node.type.name)) out.push({ id: (node.attrs.id as string | null) ?? null, text: node.textContent, pos });
    return true;
  });
  return out;
}

/** Document position just inside the block whose text is `text`, `offset` characters in. */
export function posIn(editor: Editor, text: string, offset = 0): number {
  const block = blocks(editor).find((b) => b.text === text);
  if (!block) throw new Error(`no block with text "${text}"`);
  return block.pos + 1 + offset;
}

/** Copies the selection from..to through a real DOM copy event; returns the clipboard HTML. */
export function copy(editor: Editor, from: number, to: number): string {
  editor.commands.setTextSelection({ from, to });
  return copySelection(editor);
}

/** Selects the whole block whose text is `text` (a node selection, as a click on its handle would). */
export function selectBlock(editor: Editor, text: string): void {
  editor.commands.setNodeSelection(posIn(editor, text) - 1);
}

/** Copies the current selection through a real DOM copy event; returns the clipboard HTML. */
export function copySelection(editor: Editor): string {
  const data = new DataTransfer();
  editor.view.dom.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
  return data.getData('text/html');
}

/** Pastes HTML at `at` through a real DOM paste event, as a browser would. */
export function paste(editor: Editor, html: string, at: number): void {
  editor.commands.setTextSelection(at);
  const data = new DataTransfer();
  data.setData('text/html', html);
  editor.view.dom.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

interface UndoManagerLike {
  stopCapturing(): void;
}

/** Ends the current undo step, so the next change is undone on its own (Y.UndoManager merges changes within 500 ms). */
export function newUndoStep(editor: Editor): void {
  const plugin = editor.state.plugins.find((p) => (p as unknown as { key: string }).key.startsWith('y-undo$'));
  const state = plugin?.getState(editor.state) as { undoManager?: UndoManagerLike } | undefined;
  if (!state?.undoManager) throw new Error('no y-undo plugin');
  state.undoManager.stopCapturing();
}

/**
 * Works around a y-tiptap 3.0.9 bug (ueberdosis/y-tiptap#48, yjs/y-prosemirror#186):
 * after an undo or redo, the selection saved with the undo step is left behind
 * as "the selection before the next transaction"; the next remote update then
 * resolves it against a document that may have shrunk and throws RangeError
 * inside the Yjs observer, leaving the editor showing stale content. Clearing
 * it right after undo/redo is what a fix in the editor would do.
 */
export function clearStaleUndoSelection(editor: Editor): void {
  const plugin = editor.state.plugins.find((p) => (p as unknown as { key: string }).key.startsWith('y-sync$'));
  const state = plugin?.getState(editor.state) as { binding?: { beforeTransactionSelection: unknown } } | undefined;
  if (state?.binding) state.binding.beforeTransactionSelection = null;
}

/** Replaces the editor's content with what its Y.Doc holds (recovery after an editor error). */
function rerenderFromYjs(editor: Editor): void {
  const plugin = editor.state.plugins.find((p) => (p as unknown as { key: string }).key.startsWith('y-sync$'));
  const binding = (
    plugin?.getState(editor.state) as { binding?: { beforeTransactionSelection: unknown; _forceRerender(): void } } | undefined
  )?.binding;
  if (!binding) throw new Error('no y-sync binding');
  binding.beforeTransactionSelection = null;
  binding._forceRerender();
}
