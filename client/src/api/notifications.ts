/** The signed-in user's in-app notifications (docs/PROTOCOL.md, "Notifications"). */
import type { NotificationJson } from '@concord/shared';
import { request } from './http';

export type { NotificationKind } from '@concord/shared';
/** A notification as the server sends it (declared once, in @concord/shared). */
export type AppNotification = NotificationJson;

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
