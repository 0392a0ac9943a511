/**
 * Sign-off by section: which blocks a section holds (its heading, then every
 * block up to the next heading of the same or a higher level, subsections
 * included) and where I stand on each, so the dialog can say what one click
 * will do before it is clicked.
 */
import type { ConsensusView, ConsensusEntry } from '@concord/shared';
import { myStance } from './review';

export interface SignOffPlan {
  headingId: string;
  title: string;
  /** Every block of the section with an id. */
  total: number;
  /** Blocks I already agree with, as they read now. */
  agreed: ConsensusEntry[];
  /** Blocks I dispute as they read now (left alone unless I say otherwise). */
  disputed: ConsensusEntry[];
  /** Blocks with no current vote of mine (never voted, or voted on an earlier wording). */
  toReview: ConsensusEntry[];
}

function sectionEntries(view: ConsensusView, headingId: string): ConsensusEntry[] {
  const start = view.entries.findIndex((e) => e.block.id === headingId);
  const heading = view.entries[start];
  if (!heading || heading.block.kind !== 'heading') return [];
  const level = heading.block.level ?? 1;
  const out: ConsensusEntry[] = [heading];
  for (let i = start + 1; i < view.entries.length; i++) {
    const entry = view.entries[i]!;
    if (entry.block.kind === 'heading' && (entry.block.level ?? 1) <= level) break;
    out.push(entry);
  }
  return out.filter((e) => e.block.id !== null);
}

export function signOffPlan(view: ConsensusView, headingId: string, me: string | null): SignOffPlan | null {
  const entries = sectionEntries(view, headingId);
  if (entries.length === 0) return null;
  const plan: SignOffPlan = { headingId, title: entries[0]!.block.text, total: entries.length, agreed: [], disputed: [], toReview: [] };
  for (const entry of entries) {
    const stance = myStance(entry.consensus, me, true);
    if (stance === 'agree') plan.agreed.push(entry);
    else if (stance === 'dispute') plan.disputed.push(entry);
    else plan.toReview.push(entry);
  }
  return plan;
}
