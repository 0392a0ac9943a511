/**
 * Issue 14 #6: a commissioner hears when a paragraph they agreed to or disputed
 * is deleted (quoting the words they voted on, since the paragraph is gone), and
 * the notice is taken back when the paragraph returns (undo): it would be false.
 * Pure decisions here; the StaleAgreementWatcher stores and withdraws.
 */
import type { StoredNotification } from '../store/types.js';
import type { StoredVote } from '../store/vote-types.js';
import type { NewNotification } from './notification-service.js';
import { snippet } from './snippet.js';

export const BLOCK_DELETED_KIND = 'block_deleted' as const;

export function deletedDedupeKey(v: Pick<StoredVote, 'blockId' | 'fingerprint'>): string {
  return `${BLOCK_DELETED_KIND}:${v.blockId}:${v.fingerprint}`;
}

/**
 * One notice per counted voter whose block is no longer in the document.
 * `deletedBy`: who deleted each paragraph, when known (a voter who deleted it
 * themselves is not notified: the notice is only a record, like stale ones).
 */
export function deletedBlockNotices(
  docId: string,
  votes: readonly StoredVote[],
  isPresent: (blockId: string) => boolean,
  counted: ReadonlySet<string>,
  deletedBy: ReadonlyMap<string, ReadonlySet<string>>,
  handled: Set<string>,
): NewNotification[] {
  const found: NewNotification[] = [];
  for (const v of votes) {
    if (!counted.has(v.userId) || isPresent(v.blockId)) continue;
    const dedupeKey = deletedDedupeKey(v);
    const handledKey = `${v.userId}\u0000${dedupeKey}`;
    if (handled.has(handledKey)) continue;
    handled.add(handledKey);
    const deleters = deletedBy.get(v.blockId) ?? new Set<string>();
    const others = [...deleters].filter((id) => id !== v.userId);
    const ownDeletion = others.length === 0 && deleters.has(v.userId);
    const stance = v.stance === 'agree' ? 'agreed to' : 'disputed';
    found.push({
      userId: v.userId,
      docId,
      kind: BLOCK_DELETED_KIND,
      blockId: v.blockId,
      actorId: ownDeletion ? v.userId : others.length === 1 ? others[0]! : null,
      text: `A paragraph you ${stance} was deleted: “${snippet(v.text)}”`,
      dedupeKey,
      read: ownDeletion,
    });
  }
  return found;
}

/** Deletion notices whose paragraph is back; forgets them in `handled` so a second deletion is told again. */
export function restoredBlockNotices(
  notices: readonly StoredNotification[],
  isPresent: (blockId: string) => boolean,
  handled: Set<string>,
): StoredNotification[] {
  const restored = notices.filter((n) => n.blockId !== null && isPresent(n.blockId));
  for (const n of restored) if (n.dedupeKey) handled.delete(`${n.userId}\u0000${n.dedupeKey}`);
  return restored;
}
