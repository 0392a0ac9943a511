/** Proposals: alternative wordings of one block (docs/PROTOCOL.md, "Proposals"). */
import type { ProposalBody, ProposalStance } from '@concord/shared';
import { answer, api, enc, type AnswerOf } from './http';

const doc = api.docs[':id'];
const one = doc.proposals[':pid'];

/** A proposal as the server sends it. */
export type ProposalJson = AnswerOf<typeof one.$get>['proposal'];
/** What creating or revising a proposal sends (the server validates it with the same schema). */
export type ProposalDraftBody = ProposalBody;

const oneParam = (docId: string, pid: string) => ({ param: { id: enc(docId), pid: enc(pid) } });

export const proposalsApi = {
  list: async (docId: string) => (await answer(doc.proposals.$get({ param: { id: enc(docId) }, query: {} }))).proposals,
  create: async (docId: string, blockId: string, body: ProposalDraftBody) =>
    (await answer(doc.blocks[':blockId'].proposals.$post({ param: { id: enc(docId), blockId: enc(blockId) }, json: body }))).proposal,
  revise: async (docId: string, pid: string, body: ProposalDraftBody) =>
    (await answer(one.$put({ ...oneParam(docId, pid), json: body }))).proposal,
  vote: async (docId: string, pid: string, stance: ProposalStance, reason?: string) =>
    (await answer(one.vote.$put({ ...oneParam(docId, pid), json: { stance, ...(reason ? { reason } : {}) } }))).proposal,
  unvote: async (docId: string, pid: string) => (await answer(one.vote.$delete(oneParam(docId, pid)))).proposal,
  adopt: async (docId: string, pid: string, force = false) =>
    (await answer(one.adopt.$post({ ...oneParam(docId, pid), json: force ? { force: true } : {} }))).proposal,
  withdraw: async (docId: string, pid: string) => (await answer(one.withdraw.$post(oneParam(docId, pid)))).proposal,
  reject: async (docId: string, pid: string) => (await answer(one.reject.$post(oneParam(docId, pid)))).proposal,
};
