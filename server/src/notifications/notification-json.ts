import type { StoredNotification } from '../store/types.js';
import type { Person } from '../comments/names.js';

/** A notification as clients see it (documented in docs/PROTOCOL.md). */
export interface NotificationJson {
  id: string;
  kind: StoredNotification['kind'];
  docId: string;
  docTitle: string;
  blockId: string | null;
  threadId: string | null;
  actor: Person | null;
  /** Short plain-text summary; render as text. */
  text: string;
  createdAt: string;
  read: boolean;
}

export function notificationJson(n: StoredNotification, docTitle: string, person: (id: string) => Person): NotificationJson {
  return {
    id: n.id,
    kind: n.kind,
    docId: n.docId,
    docTitle,
    blockId: n.blockId,
    threadId: n.threadId,
    actor: n.actorId === null ? null : person(n.actorId),
    text: n.text,
    createdAt: n.createdAt,
    read: n.readAt !== null,
  };
}
