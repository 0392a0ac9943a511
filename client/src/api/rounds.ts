/** Review rounds and email settings (docs/PROTOCOL.md, "Review rounds", "Email"). */
import type { NotificationSettingsBody, NotificationSettingsJson, OneRoundJson, OpenRoundBody, RoundsJson } from '@concord/shared';
import { request } from './http';

const base = (docId: string) => `/api/docs/${encodeURIComponent(docId)}/rounds`;

export const roundsApi = {
  list: (docId: string) => request<RoundsJson>('GET', base(docId)),
  get: (docId: string, roundId: string) => request<OneRoundJson>('GET', `${base(docId)}/${encodeURIComponent(roundId)}`),
  open: (docId: string, body: OpenRoundBody) => request<OneRoundJson>('POST', base(docId), body),
  close: (docId: string, roundId: string) => request<OneRoundJson>('POST', `${base(docId)}/${encodeURIComponent(roundId)}/close`),
};

export const emailSettingsApi = {
  get: () => request<NotificationSettingsJson>('GET', '/api/me/notification-settings'),
  set: (body: NotificationSettingsBody) => request<NotificationSettingsJson>('PUT', '/api/me/notification-settings', body),
};
