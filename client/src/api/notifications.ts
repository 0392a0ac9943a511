/** The signed-in user's in-app notifications (docs/PROTOCOL.md, "Notifications"). */
import { request } from './http';
import type { Person } from './comments';

export type NotificationKind = 'mention' | 'reply' | 'review_requested' | 'agreement_stale';

export interface AppNotification {
  id: string;
  kind: NotificationKind;
  docId: string;
  docTitle: string;
  blockId: string | null;
  threadId: string | null;
  actor: Person | null;
  /** Short plain-text summary: render as text. */
  text: string;
  createdAt: string;
  read: boolean;
}

export interface NotificationList {
  notifications: AppNotification[];
  /** All unread ones, not only those listed. */
  unread: number;
}

export const notificationsApi = {
  list: (options: { unreadOnly?: boolean; limit?: number } = {}) =>
    request<NotificationList>('GET', `/api/notifications?limit=${options.limit ?? 30}${options.unreadOnly ? '&unread=1' : ''}`),
  markRead: (ids: string[]) => request<{ updated: number; unread: number }>('POST', '/api/notifications/read', { ids }),
  markAllRead: () => request<{ updated: number; unread: number }>('POST', '/api/notifications/read', { all: true }),
};
