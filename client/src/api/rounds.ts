/** Review rounds and email settings (docs/PROTOCOL.md, "Review rounds", "Email"). */
import type { NotificationSettingsBody, OpenRoundBody } from '@concord/shared';
import { answer, api, enc } from './http';

const rounds = api.docs[':id'].rounds;
const one = rounds[':rid'];
const oneParam = (docId: string, rid: string) => ({ param: { id: enc(docId), rid: enc(rid) } });

export const roundsApi = {
  list: (docId: string) => answer(rounds.$get({ param: { id: enc(docId) } })),
  get: (docId: string, rid: string) => answer(one.$get(oneParam(docId, rid))),
  open: (docId: string, body: OpenRoundBody) => answer(rounds.$post({ param: { id: enc(docId) }, json: body })),
  close: (docId: string, rid: string) => answer(one.close.$post(oneParam(docId, rid))),
};

export const emailSettingsApi = {
  get: () => answer(api.me['notification-settings'].$get()),
  set: (body: NotificationSettingsBody) => answer(api.me['notification-settings'].$put({ json: body })),
};
