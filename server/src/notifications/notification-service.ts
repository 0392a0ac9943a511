/**
 * In-app notifications: stored per recipient (so "read" holds across devices),
 * listed newest first, and pushed live as a Concord event to every socket the
 * recipient has open (published on the event bus; the sync layer delivers it).
 */
import { newId } from '../auth/accounts.js';
import { peopleById } from '../auth/people.js';
import type { EventBus } from '../events/event-bus.js';
import type { Logger } from '../logger.js';
import type { Stores, StoredNotification } from '../store/types.js';
import { notificationJson, type NotificationJson } from './notification-json.js';
import { MAX_NOTIFICATIONS_LISTED, DEFAULT_NOTIFICATIONS_LISTED } from '@concord/shared';
/** Limits of the HTTP contract, declared once in @concord/shared (api/limits.ts). */
export { MAX_NOTIFICATIONS_LISTED, DEFAULT_NOTIFICATIONS_LISTED };

export interface NewNotification {
  userId: string;
  docId: string;
  kind: StoredNotification['kind'];
  text: string;
  blockId?: string | null;
  threadId?: string | null;
  actorId?: string | null;
  /** At most one notification per recipient and key. */
  dedupeKey?: string | null;
  /**
   * Store it already read (kept for the record, not announced). With the
   * recipient as `actorId` it is a record of their own action: it keeps the
   * store's de-duplication (so it is never announced later) but no list shows it.
   */
  read?: boolean;
}

export class NotificationService {
  constructor(
    private readonly stores: Stores,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Stores and pushes notifications to current members of their document, never
   * to the actor. Failures are logged, not thrown: the action that caused them
   * has already happened and must not be reported as failed.
   */
  async notify(list: readonly NewNotification[]): Promise<StoredNotification[]> {
    try {
      const at = this.now().toISOString();
      const wanted: StoredNotification[] = [];
      for (const n of list) {
        if (n.actorId && n.actorId === n.userId && !n.read) continue; // nobody is notified of their own action
        if (!(await this.stores.members.roleOf(n.docId, n.userId))) continue;
        wanted.push({
          id: newId('n'),
          userId: n.userId,
          docId: n.docId,
          kind: n.kind,
          blockId: n.blockId ?? null,
          threadId: n.threadId ?? null,
          actorId: n.actorId ?? null,
          text: n.text,
          createdAt: at,
          readAt: n.read ? at : null,
          dedupeKey: n.dedupeKey ?? null,
        });
      }
      if (wanted.length === 0) return [];
      const added = await this.stores.notifications.add(wanted);
      const unannounced = added.filter((n) => n.readAt === null);
      if (unannounced.length > 0) await this.push(unannounced);
      return added;
    } catch (err) {
      this.log.error({ err }, 'could not store notifications');
      return [];
    }
  }

  /** The user's notifications on documents they are still a member of, newest first. */
  async list(
    userId: string,
    options: { unreadOnly: boolean; limit: number },
  ): Promise<{ notifications: NotificationJson[]; unread: number }> {
    const docIds = await this.stores.members.docIdsOf(userId);
    const limit = Math.min(Math.max(1, options.limit), MAX_NOTIFICATIONS_LISTED);
    const [stored, unread] = await Promise.all([
      this.stores.notifications.list(userId, { unreadOnly: options.unreadOnly, limit, docIds }),
      this.stores.notifications.unreadCount(userId, { docIds }),
    ]);
    return { notifications: await this.toJson(stored), unread };
  }

  async markRead(userId: string, ids: readonly string[] | 'all'): Promise<{ updated: number; unread: number }> {
    const updated = await this.stores.notifications.markRead(userId, ids, this.now().toISOString());
    const unread = await this.unread(userId);
    if (updated > 0) await this.bus.publish({ type: 'notifications.read', userId, unread });
    return { updated, unread };
  }

  /**
   * Takes notifications back that no longer hold (a deleted paragraph was
   * restored): they leave the store and, live, every list they are shown in.
   */
  async withdraw(list: readonly StoredNotification[]): Promise<void> {
    try {
      if (list.length === 0) return;
      await this.stores.notifications.remove(list.map((n) => n.id));
      for (const n of list) {
        await this.bus.publish({
          type: 'notification.withdrawn',
          userId: n.userId,
          notificationId: n.id,
          unread: await this.unread(n.userId),
        });
      }
    } catch (err) {
      this.log.error({ err }, 'could not withdraw notifications');
    }
  }

  unread(userId: string): Promise<number> {
    return this.stores.members.docIdsOf(userId).then((docIds) => this.stores.notifications.unreadCount(userId, { docIds }));
  }

  private async push(added: StoredNotification[]): Promise<void> {
    const json = await this.toJson(added);
    for (const userId of new Set(added.map((n) => n.userId))) {
      const unread = await this.unread(userId);
      for (const notification of json.filter((_, i) => added[i]!.userId === userId)) {
        await this.bus.publish({ type: 'notification.added', userId, notification, unread });
      }
    }
  }

  private async toJson(stored: StoredNotification[]): Promise<NotificationJson[]> {
    const docIds = [...new Set(stored.map((n) => n.docId))];
    const docs = await Promise.all(docIds.map((id) => this.stores.docs.getDoc(id)));
    const titles = new Map(docIds.map((id, i) => [id, docs[i]?.title ?? '']));
    const person = await peopleById(
      this.stores.accounts,
      stored.flatMap((n) => (n.actorId ? [n.actorId] : [])),
    );
    return stored.map((n) => notificationJson(n, titles.get(n.docId) ?? '', person));
  }
}
