/** Everything GET /api/docs/:id/consensus is made of, gathered from the services (the route streams it). */
import type { ConsensusAnswerInput } from '../consensus/consensus-answer.js';
import type { Services } from './context.js';

export async function consensusAnswerInput(services: Services, docId: string): Promise<ConsensusAnswerInput> {
  const { view, storedByBlock, rule, commissioners } = await services.consensus.view(docId);
  const proposalsByBlock = await services.proposals.openByBlock(docId);
  const ids = [...new Set([...commissioners, ...voterIds(storedByBlock)])];
  const names = await services.accounts.names(ids);
  return { view, storedByBlock, rule, commissioners, names, proposalsByBlock };
}

function* voterIds(storedByBlock: ConsensusAnswerInput['storedByBlock']): Generator<string> {
  for (const votes of storedByBlock.values()) for (const v of votes) yield v.userId;
}
