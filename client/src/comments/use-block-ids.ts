/**
 * The ids of the blocks in the editor's document, refreshed shortly after a
 * change that added, removed, split, joined or re-typed a block, in idle time.
 * Typing inside a block changes no id and walks nothing (a walk of the
 * 150-page report that ran between a keydown and its paint delayed that
 * paint). A thread whose block is gone shows as detached at once: the server
 * reports `detached` when asked, but sends no event when someone deletes a
 * paragraph.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Editor } from '@tiptap/react';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { BLOCK_ID_ATTR, isBlockNodeType } from '@concord/shared';
import type { Thread } from '../api/comments';
import type { DocSession } from '../sync/doc-session';
import { reachesEdge, touches } from '../editor/changed-ranges';
import { whenIdle } from '../app/idle';

const REFRESH_MS = 300;

function blockIds(doc: PMNode): Set<string> {
  const ids = new Set<string>();
  doc.descendants((node) => {
    if (!isBlockNodeType(node.type.name)) return true;
    const id = node.attrs[BLOCK_ID_ATTR] as unknown;
    if (typeof id === 'string') ids.add(id);
    return false;
  });
  return ids;
}

/** Whether a change can have changed the blocks' ids: it reached the edge of a block (not only text inside one). */
export function changesBlocks(tr: Transaction): boolean {
  return touches(tr, (node, pos, from, to) => {
    if (!isBlockNodeType(node.type.name)) return 'descend';
    // The ids listed are those of the outermost blocks (blockIds does not look inside one).
    return reachesEdge(node, pos, from, to) ? 'touched' : 'skip';
  });
}

/** null until the editor exists and `ready` (the document has synced with the server). */
export function useBlockIds(editor: Editor | null, ready: boolean): ReadonlySet<string> | null {
  const [ids, setIds] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    if (!editor || !ready) return setIds(null);
    let cancel: (() => void) | undefined;
    const refresh = () => {
      cancel = undefined;
      // Same ids: keep the old set, so the panel does not re-render.
      if (!editor.isDestroyed) setIds((prev) => sameIds(prev, blockIds(editor.state.doc)));
    };
    const schedule = ({ transaction }: { transaction: Transaction }) => {
      if (cancel || !changesBlocks(transaction)) return;
      const timer = setTimeout(() => (cancel = whenIdle(refresh)), REFRESH_MS);
      cancel = () => clearTimeout(timer);
    };
    refresh();
    editor.on('transaction', schedule);
    return () => {
      editor.off('transaction', schedule);
      cancel?.();
    };
  }, [editor, ready]);
  return ids;
}

function sameIds(prev: ReadonlySet<string> | null, next: Set<string>): ReadonlySet<string> {
  if (!prev || prev.size !== next.size) return next;
  for (const id of next) if (!prev.has(id)) return next;
  return prev;
}

/** Threads as the editor's document has them now: a thread whose block is gone is detached, and listed last. */
export function withLocalDetachment(threads: readonly Thread[], ids: ReadonlySet<string> | null): Thread[] {
  if (!ids) return [...threads];
  const marked = threads.map((t) => (t.detached === ids.has(t.blockId) ? { ...t, detached: !t.detached } : t));
  return [...marked.filter((t) => !t.detached), ...marked.filter((t) => t.detached)];
}

/** True once the session's document has synced with the server. */
export function useSynced(session: DocSession): boolean {
  const { provider } = session;
  return useSyncExternalStore(
    (listener) => {
      provider.on('sync', listener);
      return () => provider.off('sync', listener);
    },
    () => provider.synced,
  );
}
