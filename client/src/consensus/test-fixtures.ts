/** A report-sized document with votes, for the gutter's tests and benchmark. */
import { concordSchema, extractBlocks } from '@concord/shared';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { ConsensusJson, VoteJson } from '../api/consensus';
import { ConsensusStore } from './consensus-store';

const schema = concordSchema();
const LOREM =
  'The commission recommends that pay, training and working time in the sector be set fairly, and that the cost be shared between employers and the public purse';

/** `blocks` blocks, a heading every tenth, ids `b0`, `b1`, … */
export function reportDoc(blocks: number): PMNode {
  const nodes = Array.from({ length: blocks }, (_, i) =>
    i % 10 === 0
      ? schema.node('heading', { id: `b${i}`, level: 2 }, schema.text(`Section ${i / 10 + 1}`))
      : schema.node('paragraph', { id: `b${i}` }, schema.text(`${i}. ${LOREM} (${i}).`)),
  );
  return schema.node('doc', null, nodes);
}

/** Every commissioner agrees with every block; `disputeEvery`-th block is disputed by the last one. */
export function consensusJson(doc: PMNode, commissioners: number, disputeEvery = 7): ConsensusJson {
  const people = Array.from({ length: commissioners }, (_, i) => ({ userId: `u${i}`, name: `Commissioner ${i}` }));
  const blocks = extractBlocks(doc).map((block, index) => ({
    id: block.id,
    kind: block.kind,
    level: block.level ?? null,
    text: block.text,
    fingerprint: block.fingerprint,
    sectionId: block.sectionId,
    path: block.path,
    status: 'agreed' as const,
    stale: false,
    agree: commissioners,
    dispute: 0,
    pending: [],
    proposals: [],
    votes: people.map((p, i): VoteJson & { stale: boolean; counted: boolean } => {
      const dispute = i === commissioners - 1 && index % disputeEvery === 3;
      return {
        userId: p.userId,
        name: p.name,
        stance: dispute ? 'dispute' : 'agree',
        reason: dispute ? 'Not this wording.' : null,
        at: new Date(1_700_000_000_000 + i).toISOString(),
        fingerprint: block.fingerprint,
        votedText: block.text,
        stale: false,
        counted: true,
      };
    }),
  }));
  // The store reads votes, commissioners and the rule; the roll-up fields are left empty.
  const totals = { unreviewed: 0, in_review: 0, disputed: 0, agreed: blocks.length, total: blocks.length, stale: 0, shareAgreed: 1 };
  return { rule: { kind: 'unanimous' }, ruleText: '', commissioners: people, blocks, sections: [], totals, coverage: [], orphaned: [] };
}

/** A store loaded with `json` through a stubbed fetch, as if from the server. */
export async function loadedStore(json: ConsensusJson, me = 'u0'): Promise<ConsensusStore> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async () =>
    new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch;
  try {
    const store = new ConsensusStore('doc', me);
    await store.reload();
    return store;
  } finally {
    globalThis.fetch = realFetch;
  }
}
