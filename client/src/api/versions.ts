/** Version history (docs/PROTOCOL.md, "Versions"): list, name, read, compare, a block's history, restore. */
import { answer, api, enc, type AnswerOf } from './http';

const doc = api.docs[':id'];
const one = doc.versions[':vid'];

export type VersionJson = AnswerOf<typeof doc.versions.$get>['versions'][number];
export type VersionDetailJson = AnswerOf<typeof one.$get>;
export type CompareJson = AnswerOf<typeof doc.compare.$get>;
export type BlockHistoryJson = AnswerOf<(typeof doc.blocks)[':blockId']['history']['$get']>;

export const versionsApi = {
  list: async (docId: string) => (await answer(doc.versions.$get({ param: { id: enc(docId) } }))).versions,
  name: async (docId: string, name: string) => (await answer(doc.versions.$post({ param: { id: enc(docId) }, json: { name } }))).version,
  get: (docId: string, versionId: string) => answer(one.$get({ param: { id: enc(docId), vid: enc(versionId) } })),
  compare: (docId: string, from: string, to: string, agreementChanged: boolean) =>
    answer(
      doc.compare.$get({ param: { id: enc(docId) }, query: { from, to, ...(agreementChanged ? { agreementChanged: '1' as const } : {}) } }),
    ),
  blockHistory: (docId: string, blockId: string) =>
    answer(doc.blocks[':blockId'].history.$get({ param: { id: enc(docId), blockId: enc(blockId) } })),
  restore: (docId: string, versionId: string, blockId?: string) =>
    answer(one.restore.$post({ param: { id: enc(docId), vid: enc(versionId) }, json: blockId ? { blockId } : {} })),
};
