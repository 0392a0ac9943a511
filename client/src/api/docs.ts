import { request } from './http';
import type { DocMeta, DocSummary, Member, Role } from './types';

const doc = (id: string) => `/api/docs/${encodeURIComponent(id)}`;

export const docsApi = {
  list: async () => (await request<{ docs: DocSummary[] }>('GET', '/api/docs')).docs,
  create: (title: string) => request<{ id: string; title: string }>('POST', '/api/docs', { title }),
  get: (id: string) => request<DocMeta>('GET', doc(id)),
  rename: (id: string, title: string) => request<{ id: string; title: string }>('PATCH', doc(id), { title }),
  remove: (id: string) => request<{ ok: true }>('DELETE', doc(id)),
};

export const membersApi = {
  list: async (docId: string) => (await request<{ members: Member[] }>('GET', `${doc(docId)}/members`)).members,
  add: async (docId: string, email: string, role: Role) =>
    (await request<{ members: Member[] }>('POST', `${doc(docId)}/members`, { email, role })).members,
  changeRole: async (docId: string, userId: string, role: Role) =>
    (await request<{ members: Member[] }>('PATCH', `${doc(docId)}/members/${encodeURIComponent(userId)}`, { role })).members,
  remove: async (docId: string, userId: string) =>
    (await request<{ members: Member[] }>('DELETE', `${doc(docId)}/members/${encodeURIComponent(userId)}`)).members,
};
