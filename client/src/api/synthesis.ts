/** The report author's synthesis data and re-review requests (docs/PROTOCOL.md, "Synthesis"). */
import type { ReviewRequestedJson, SynthesisBlockJson, SynthesisJson, SynthesisProgressJson, WordDiffPart } from '@concord/shared';
import { request } from './http';

/** The synthesis page's data as the server sends it (declared once, in @concord/shared). */
export type DiffPart = WordDiffPart;
export type SynthesisBlock = SynthesisBlockJson;
export type SynthesisProgress = SynthesisProgressJson;
export type Synthesis = SynthesisJson;

const doc = (docId: string) => `/api/docs/${encodeURIComponent(docId)}`;

export const synthesisApi = {
  get: (docId: string) => request<Synthesis>('GET', `${doc(docId)}/synthesis`),
  /** Notifies the commissioners whose vote is missing, stale or a dispute. */
  requestReview: async (docId: string, blockId: string, message?: string) =>
    (
      await request<ReviewRequestedJson>(
        'POST',
        `${doc(docId)}/blocks/${encodeURIComponent(blockId)}/request-review`,
        message ? { message } : {},
      )
    ).notified,
};
