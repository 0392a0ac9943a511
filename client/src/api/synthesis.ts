/** The report author's synthesis data and re-review requests (docs/PROTOCOL.md, "Synthesis"). */
import { answer, api, enc, type AnswerOf } from './http';

const doc = api.docs[':id'];

/** The synthesis page's data as the server sends it. */
export type Synthesis = AnswerOf<typeof doc.synthesis.$get>;
export type SynthesisBlock = Synthesis['sections'][number]['blocks'][number];
export type SynthesisProgress = Synthesis['progress'];

export const synthesisApi = {
  get: (docId: string) => answer(doc.synthesis.$get({ param: { id: enc(docId) } })),
  /** Notifies the commissioners whose vote is missing, stale or a dispute. */
  requestReview: async (docId: string, blockId: string, message?: string) =>
    (
      await answer(
        doc.blocks[':blockId']['request-review'].$post({
          param: { id: enc(docId), blockId: enc(blockId) },
          json: message ? { message } : {},
        }),
      )
    ).notified,
};
