/** Proposals: alternative wordings of one block (docs/PROTOCOL.md, "Proposals"). */
import type { BlockStatus, WordDiffPart } from '@concord/shared';
import { ApiError } from './http';

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

/** Like the shared `request`, with PUT and the error message kept. */
async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Concord server. Check your connection and try again.');
  }
  const json = (await res.json().catch(() => undefined)) as (T & { error?: { code?: string; message?: string } }) | undefined;
  if (!res.ok)
    throw new ApiError(res.status, json?.error?.code ?? `http_${res.status}`, json?.error?.message ?? `The server answered ${res.status}.`);
  return json as T;
}

export const proposalsApi = {
  list: async (docId: string) => (await call<{ proposals: ProposalJson[] }>('GET', `${doc(docId)}/proposals`)).proposals,
  create: async (docId: string, blockId: string, body: ProposalDraftBody) =>
    (await call<{ proposal: ProposalJson }>('POST', `${doc(docId)}/blocks/${encodeURIComponent(blockId)}/proposals`, body)).proposal,
  revise: async (docId: string, pid: string, body: ProposalDraftBody) =>
    (await call<{ proposal: ProposalJson }>('PUT', one(docId, pid), body)).proposal,
  vote: async (docId: string, pid: string, stance: 'support' | 'object', reason?: string) =>
    (await call<{ proposal: ProposalJson }>('PUT', `${one(docId, pid)}/vote`, { stance, ...(reason ? { reason } : {}) })).proposal,
  unvote: async (docId: string, pid: string) => (await call<{ proposal: ProposalJson }>('DELETE', `${one(docId, pid)}/vote`)).proposal,
  adopt: async (docId: string, pid: string, force = false) =>
    (await call<{ proposal: ProposalJson }>('POST', `${one(docId, pid)}/adopt`, force ? { force: true } : undefined)).proposal,
  withdraw: async (docId: string, pid: string) => (await call<{ proposal: ProposalJson }>('POST', `${one(docId, pid)}/withdraw`)).proposal,
  reject: async (docId: string, pid: string) => (await call<{ proposal: ProposalJson }>('POST', `${one(docId, pid)}/reject`)).proposal,
};
