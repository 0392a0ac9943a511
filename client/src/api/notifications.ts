/** The signed-in user's in-app notifications (docs/PROTOCOL.md, "Notifications"). */
import type { MarkReadJson, NotificationJson, NotificationListJson } from '@concord/shared';
import { request } from './http';

export type { NotificationKind } from '@concord/shared';
/** A notification as the server sends it (declared once, in @concord/shared). */
export type AppNotification = NotificationJson;

export type NotificationList = NotificationListJson;

export const notificationsApi = {
  list: (options: { unreadOnly?: boolean; limit?: number } = {}) =>
    request<NotificationList>('GET', `/api/notifications?limit=${options.limit ?? 30}${options.unreadOnly ? '&unread=1' : ''}`),
  markRead: (ids: string[]) => request<MarkReadJson>('POST', '/api/notifications/read', { ids }),
  markAllRead: () => request<MarkReadJson>('POST', '/api/notifications/read', { all: true }),
};
