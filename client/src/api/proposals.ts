/** Proposals: alternative wordings of one block (docs/PROTOCOL.md, "Proposals"). */
import type { BlockStatus, WordDiffPart } from '@concord/shared';
import { request } from './http';

export interface ProposalJson {
  id: string;
  blockId: string;
  authorId: string;
  authorName: string;
  authorColor: string | null;
  content: unknown;
  text: string;
  rationale: string | null;
  base: string;
  baseText: string;
  revision: number;
  status: 'open' | 'adopted' | 'closed';
  closedAs: 'withdrawn' | 'rejected' | null;
  forced: boolean;
  createdAt: string;
  changes: WordDiffPart[];
  outdated: boolean;
  currentText: string | null;
  diff?: WordDiffPart[];
  consensus: {
    status: BlockStatus;
    meetsRule: boolean;
    support: number;
    object: number;
    supporters: { userId: string; name: string }[];
    objectors: { userId: string; name: string; reason: string | null }[];
    pending: string[];
  };
  votes: { userId: string; name: string; stance: 'support' | 'object'; reason: string | null; revision: number; counted: boolean }[];
}

export interface ProposalDraftBody {
  content: unknown;
  rationale?: string;
  base: string;
}

const doc = (id: string) => `/api/docs/${encodeURIComponent(id)}`;
const one = (docId: string, pid: string) => `${doc(docId)}/proposals/${encodeURIComponent(pid)}`;

export const proposalsApi = {
  list: async (docId: string) => (await request<{ proposals: ProposalJson[] }>('GET', `${doc(docId)}/proposals`)).proposals,
  create: async (docId: string, blockId: string, body: ProposalDraftBody) =>
    (await request<{ proposal: ProposalJson }>('POST', `${doc(docId)}/blocks/${encodeURIComponent(blockId)}/proposals`, body)).proposal,
  revise: async (docId: string, pid: string, body: ProposalDraftBody) =>
    (await request<{ proposal: ProposalJson }>('PUT', one(docId, pid), body)).proposal,
  vote: async (docId: string, pid: string, stance: 'support' | 'object', reason?: string) =>
    (await request<{ proposal: ProposalJson }>('PUT', `${one(docId, pid)}/vote`, { stance, ...(reason ? { reason } : {}) })).proposal,
  unvote: async (docId: string, pid: string) => (await request<{ proposal: ProposalJson }>('DELETE', `${one(docId, pid)}/vote`)).proposal,
  adopt: async (docId: string, pid: string, force = false) =>
    (await request<{ proposal: ProposalJson }>('POST', `${one(docId, pid)}/adopt`, force ? { force: true } : undefined)).proposal,
  withdraw: async (docId: string, pid: string) =>
    (await request<{ proposal: ProposalJson }>('POST', `${one(docId, pid)}/withdraw`)).proposal,
  reject: async (docId: string, pid: string) => (await request<{ proposal: ProposalJson }>('POST', `${one(docId, pid)}/reject`)).proposal,
};
