/**
 * The ids of the blocks in the editor's document, refreshed a few times a
 * second while it changes. A thread whose block is gone shows as detached at
 * once: the server reports `detached` when asked, but sends no event when
 * someone deletes a paragraph.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Editor } from '@tiptap/react';
import type { Node as PMNode } from '@tiptap/pm/model';
import { BLOCK_ID_ATTR, isBlockNodeType } from '@concord/shared';
import type { Thread } from '../api/comments';
import type { DocSession } from '../sync/doc-session';

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

/** null until the editor exists and `ready` (the document has synced with the server). */
export function useBlockIds(editor: Editor | null, ready: boolean): ReadonlySet<string> | null {
  const [ids, setIds] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    if (!editor || !ready) return setIds(null);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer = undefined;
      // Same ids: keep the old set, so the panel does not re-render (typing changes no ids).
      if (!editor.isDestroyed) setIds((prev) => sameIds(prev, blockIds(editor.state.doc)));
    };
    const schedule = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged && !timer) timer = setTimeout(refresh, REFRESH_MS);
    };
    refresh();
    editor.on('transaction', schedule);
    return () => {
      editor.off('transaction', schedule);
      clearTimeout(timer);
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
