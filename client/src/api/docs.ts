import { answer, api, enc, type AnswerOf } from './http';
import type { Role } from '@concord/shared';

const doc = api.docs[':id'];
const member = doc.members[':userId'];
const invitation = doc.invitations[':invitationId'];
const param = (id: string) => ({ param: { id: enc(id) } });

/** One document as GET /api/docs lists it. */
export type DocSummary = AnswerOf<typeof api.docs.$get>['docs'][number];
/** GET /api/docs/:id: the document and what my role may do on it (decided by the server). */
export type DocMeta = AnswerOf<typeof doc.$get>;
export type Member = AnswerOf<typeof doc.members.$get>['members'][number];

export const docsApi = {
  list: async () => (await answer(api.docs.$get())).docs,
  create: (title: string) => answer(api.docs.$post({ json: { title } })),
  get: (id: string) => answer(doc.$get(param(id))),
  rename: (id: string, title: string) => answer(doc.$patch({ ...param(id), json: { title } })),
  remove: (id: string) => answer(doc.$delete(param(id))),
};

const memberParam = (docId: string, userId: string) => ({ param: { id: enc(docId), userId: enc(userId) } });

export const membersApi = {
  list: async (docId: string) => (await answer(doc.members.$get(param(docId)))).members,
  /** Invites by email: `{invitation, members}` (api/doc-responses.ts InvitedJson). */
  add: (docId: string, email: string, role: Role) => answer(doc.members.$post({ ...param(docId), json: { email, role } })),
  changeRole: async (docId: string, userId: string, role: Role) =>
    (await answer(member.$patch({ ...memberParam(docId, userId), json: { role } }))).members,
  remove: async (docId: string, userId: string) => (await answer(member.$delete(memberParam(docId, userId)))).members,
};

const invitationParam = (docId: string, invitationId: string) => ({ param: { id: enc(docId), invitationId: enc(invitationId) } });

/** Invited entries of the member list (status 'invited'): changed and revoked by invitation id. */
export const invitationsApi = {
  changeRole: async (docId: string, invitationId: string, role: Role) =>
    (await answer(invitation.$patch({ ...invitationParam(docId, invitationId), json: { role } }))).members,
  revoke: async (docId: string, invitationId: string) => (await answer(invitation.$delete(invitationParam(docId, invitationId)))).members,
};
