import type { NotificationJson, Person } from '@concord/shared';
import type { StoredNotification } from '../store/types.js';

export type { NotificationJson };

/** A notification as clients see it (documented in docs/PROTOCOL.md). */

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
