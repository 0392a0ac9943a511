/** The report author's synthesis data and re-review requests (docs/PROTOCOL.md, "Synthesis"). */
import type { BlockNodeType } from '@concord/shared';
import { request } from './http';
import type { Person, Thread } from './comments';
import type { ProposalJson } from './proposals';

export type BlockStatus = 'unreviewed' | 'in_review' | 'disputed' | 'agreed';

export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface SynthesisBlock {
  id: string;
  kind: BlockNodeType;
  level: number | null;
  text: string;
  fingerprint: string;
  path: string[];
  status: BlockStatus;
  stale: boolean;
  disputes: (Person & { reason: string; at: string })[];
  agreedBy: Person[];
  /** Votes on older text, with the word diff old → current. */
  staleVotes: (Person & { stance: 'agree' | 'dispute'; reason: string | null; at: string; votedText: string; diff: DiffPart[] })[];
  notYetVoted: Person[];
  openThreads: Thread[];
  /** Open proposals for the block (issue 16). */
  proposals: ProposalJson[];
}

export interface SynthesisSection {
  key: string;
  headingId: string | null;
  title: string;
  level: number;
  blocks: SynthesisBlock[];
}

export interface SynthesisProgress {
  totalBlocks: number;
  agreed: number;
  /** What stands between the commission and a complete consensus report. */
  notAgreed: number;
  disputed: number;
  inReview: number;
  unreviewed: number;
  stale: number;
  shareAgreed: number;
  listed: number;
}

export interface Synthesis {
  progress: SynthesisProgress;
  rule: unknown;
  ruleText: string;
  commissioners: Person[];
  sections: SynthesisSection[];
  detachedThreads: Thread[];
}

const doc = (docId: string) => `/api/docs/${encodeURIComponent(docId)}`;

export const synthesisApi = {
  get: (docId: string) => request<Synthesis>('GET', `${doc(docId)}/synthesis`),
  /** Notifies the commissioners whose vote is missing, stale or a dispute. */
  requestReview: async (docId: string, blockId: string, message?: string) =>
    (
      await request<{ notified: Person[] }>(
        'POST',
        `${doc(docId)}/blocks/${encodeURIComponent(blockId)}/request-review`,
        message ? { message } : {},
      )
    ).notified,
};
