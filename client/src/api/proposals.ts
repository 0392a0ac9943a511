/** Proposals: alternative wordings of one block (docs/PROTOCOL.md, "Proposals"). */
import type { OneProposalJson, ProposalBody, ProposalJson, ProposalsJson, ProposalStance } from '@concord/shared';
import { request } from './http';

/** A proposal as the server sends it (declared once, in @concord/shared). */
export type { ProposalJson };
/** What creating or revising a proposal sends (the server validates it with the same schema). */
export type ProposalDraftBody = ProposalBody;

const doc = (id: string) => `/api/docs/${encodeURIComponent(id)}`;
const one = (docId: string, pid: string) => `${doc(docId)}/proposals/${encodeURIComponent(pid)}`;

export const proposalsApi = {
  list: async (docId: string) => (await request<ProposalsJson>('GET', `${doc(docId)}/proposals`)).proposals,
  create: async (docId: string, blockId: string, body: ProposalDraftBody) =>
    (await request<OneProposalJson>('POST', `${doc(docId)}/blocks/${encodeURIComponent(blockId)}/proposals`, body)).proposal,
  revise: async (docId: string, pid: string, body: ProposalDraftBody) =>
    (await request<OneProposalJson>('PUT', one(docId, pid), body)).proposal,
  vote: async (docId: string, pid: string, stance: ProposalStance, reason?: string) =>
    (await request<OneProposalJson>('PUT', `${one(docId, pid)}/vote`, { stance, ...(reason ? { reason } : {}) })).proposal,
  unvote: async (docId: string, pid: string) => (await request<OneProposalJson>('DELETE', `${one(docId, pid)}/vote`)).proposal,
  adopt: async (docId: string, pid: string, force = false) =>
    (await request<OneProposalJson>('POST', `${one(docId, pid)}/adopt`, force ? { force: true } : undefined)).proposal,
  withdraw: async (docId: string, pid: string) => (await request<OneProposalJson>('POST', `${one(docId, pid)}/withdraw`)).proposal,
  reject: async (docId: string, pid: string) => (await request<OneProposalJson>('POST', `${one(docId, pid)}/reject`)).proposal,
};
