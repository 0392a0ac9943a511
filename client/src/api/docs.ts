import { request } from './http';
import type { DocCreatedJson, DocListJson, DocRenamedJson, MembersJson, OkJson } from '@concord/shared';
import type { DocMeta, Role } from './types';

const doc = (id: string) => `/api/docs/${encodeURIComponent(id)}`;

export const docsApi = {
  list: async () => (await request<DocListJson>('GET', '/api/docs')).docs,
  create: (title: string) => request<DocCreatedJson>('POST', '/api/docs', { title }),
  get: (id: string) => request<DocMeta>('GET', doc(id)),
  rename: (id: string, title: string) => request<DocRenamedJson>('PATCH', doc(id), { title }),
  remove: (id: string) => request<OkJson>('DELETE', doc(id)),
};

export const membersApi = {
  list: async (docId: string) => (await request<MembersJson>('GET', `${doc(docId)}/members`)).members,
  add: async (docId: string, email: string, role: Role) =>
    (await request<MembersJson>('POST', `${doc(docId)}/members`, { email, role })).members,
  changeRole: async (docId: string, userId: string, role: Role) =>
    (await request<MembersJson>('PATCH', `${doc(docId)}/members/${encodeURIComponent(userId)}`, { role })).members,
  remove: async (docId: string, userId: string) =>
    (await request<MembersJson>('DELETE', `${doc(docId)}/members/${encodeURIComponent(userId)}`)).members,
};
