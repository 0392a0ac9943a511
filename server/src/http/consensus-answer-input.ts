/** Everything GET /api/docs/:id/consensus is made of, gathered from the services (the route streams it). */
import type { ConsensusAnswerInput } from '../consensus/consensus-answer.js';
import { peopleById } from '../auth/people.js';
import type { StoredVote } from '../store/types.js';
import type { Services } from './context.js';

export async function consensusAnswerInput(services: Services, docId: string): Promise<ConsensusAnswerInput> {
  const { view, storedByBlock, rule, commissioners } = await services.consensus.view(docId);
  const proposalsByBlock = await services.proposals.openByBlock(docId);
  const ids = [...new Set([...commissioners, ...voterIds(storedByBlock)])];
  const person = await peopleById(services.stores.accounts, ids);
  const names = new Map(ids.map((id) => [id, person(id).name]));
  return { view, storedByBlock, rule, commissioners, names, proposalsByBlock };
}

function* voterIds(storedByBlock: ReadonlyMap<string, readonly StoredVote[]>): Generator<string> {
  for (const votes of storedByBlock.values()) for (const v of votes) yield v.userId;
}
