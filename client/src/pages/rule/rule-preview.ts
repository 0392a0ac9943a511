/**
 * What a different consensus rule would do to this document, before the author
 * sets it: each block's status recomputed from the same vote counts with the
 * same pure rule table the server uses (`decideStatus`), so the preview cannot
 * disagree with what happens once the rule is saved.
 */
import { decideStatus, type BlockStatus, type ConsensusRule } from '@concord/shared';
import type { ConsensusJson } from '../../api/consensus';

export type StatusCounts = Record<BlockStatus, number>;

interface RuleChange {
  id: string;
  text: string;
  from: BlockStatus;
  to: BlockStatus;
}

export interface RulePreview {
  now: StatusCounts;
  then: StatusCounts;
  /** Blocks whose status would change, in document order. */
  changed: RuleChange[];
}

const zero = (): StatusCounts => ({ agreed: 0, in_review: 0, disputed: 0, unreviewed: 0 });

export function previewRule(view: Pick<ConsensusJson, 'blocks' | 'commissioners'>, rule: ConsensusRule): RulePreview {
  const now = zero();
  const then = zero();
  const changed: RuleChange[] = [];
  const commissioners = view.commissioners.length;
  for (const block of view.blocks) {
    if (block.id === null) continue;
    const to = decideStatus(rule, commissioners, block.agree, block.dispute);
    now[block.status]++;
    then[to]++;
    if (to !== block.status) changed.push({ id: block.id, text: block.text, from: block.status, to });
  }
  return { now, then, changed };
}

export function sameRule(a: ConsensusRule, b: ConsensusRule): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind === 'unanimous' || (b.kind === 'quorum' && a.minAgree === b.minAgree && a.maxDispute === b.maxDispute);
}
