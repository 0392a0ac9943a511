/** The signed-in user's in-app notifications (docs/PROTOCOL.md, "Notifications"). */
import { answer, api, type AnswerOf } from './http';

export type { NotificationKind } from '@concord/shared';

type NotificationList = AnswerOf<typeof api.notifications.$get>;
/** A notification as the server sends it. */
export type AppNotification = NotificationList['notifications'][number];

export const notificationsApi = {
  list: (options: { unreadOnly?: boolean; limit?: number } = {}) =>
    answer(api.notifications.$get({ query: { limit: String(options.limit ?? 30), ...(options.unreadOnly ? { unread: '1' } : {}) } })),
  markRead: (ids: string[]) => answer(api.notifications.read.$post({ json: { ids } })),
  markAllRead: () => answer(api.notifications.read.$post({ json: { all: true } })),
};
