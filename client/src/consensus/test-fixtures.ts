/** A report-sized document with votes, for the gutter's tests and benchmark. */
import { concordSchema, extractBlocks } from '@concord/shared';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { ConsensusSummaryJson, VoteJson } from '../api/consensus';
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

/** What the server answers about a document's votes: the compact form the store opens with, and each block's votes in full. */
export interface ServerVotes {
  summary: ConsensusSummaryJson;
  /** GET …/blocks/:blockId/votes, per block id. */
  full: Map<string, VoteJson[]>;
}

/** Every commissioner agrees with every block; `disputeEvery`-th block is disputed by the last one, with a reason. */
export function consensusJson(doc: PMNode, commissioners: number, disputeEvery = 7): ServerVotes {
  const people = Array.from({ length: commissioners }, (_, i) => ({ userId: `u${i}`, name: `Commissioner ${i}` }));
  const full = new Map<string, VoteJson[]>();
  const blocks = extractBlocks(doc).flatMap((block, index) => {
    if (!block.id) return [];
    const votes = people.map((p, i): VoteJson => {
      const dispute = i === commissioners - 1 && index % disputeEvery === 3;
      return {
        userId: p.userId,
        name: p.name,
        stance: dispute ? 'dispute' : 'agree',
        reason: dispute ? 'Not this wording.' : null,
        at: new Date(1_700_000_000_000 + i).toISOString(),
        fingerprint: block.fingerprint,
        votedText: block.text,
      };
    });
    full.set(block.id, votes);
    const positions = (stance: VoteJson['stance']) => votes.flatMap((v, i) => (v.stance === stance ? [i] : []));
    return [{ id: block.id, votes: [{ fingerprint: block.fingerprint, agree: positions('agree'), dispute: positions('dispute') }] }];
  });
  return { summary: { rule: { kind: 'unanimous' }, ruleText: '', commissioners: people, voters: people, blocks }, full };
}

/**
 * `fetch` answering as the server would for these votes: the summary, and a block's votes in full.
 * `requests` lists the paths asked for, so tests can count what was fetched.
 */
export function serverFetch(votes: ServerVotes, requests: string[] = []): typeof fetch {
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  return (async (input: RequestInfo | URL) => {
    const path = new URL(input instanceof Request ? input.url : String(input), 'http://localhost').pathname;
    requests.push(path);
    if (path.endsWith('/consensus/summary')) return json(votes.summary);
    const block = /\/blocks\/([^/]+)\/votes$/.exec(path)?.[1];
    if (block !== undefined) return json({ votes: votes.full.get(decodeURIComponent(block)) ?? [] });
    return new Response('{"error":"not found"}', { status: 404, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

/** A store loaded with `votes` through a stubbed fetch, as if from the server. */
export async function loadedStore(votes: ServerVotes, me = 'u0'): Promise<ConsensusStore> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = serverFetch(votes);
  try {
    const store = new ConsensusStore('doc', me);
    await store.reload();
    return store;
  } finally {
    globalThis.fetch = realFetch;
  }
}
