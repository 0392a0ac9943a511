/** The shapes the consensus store hands out: snapshots for React, what the popover opens, outcomes of votes. */
import type { ConsensusRule, ConsensusView, Stance } from '@concord/shared';
import type { VoteConflict } from '../api/consensus';
import type { DocEvent } from '../sync/concord-messages';
import type { ConnectionPhase } from '../sync/doc-session';
import type { ConsensusFilter } from './review';
import type { FilterTally } from './filter-tally';

export interface Person {
  userId: string;
  name: string;
}

/** A vote the server refused because the text changed (409): what it reads now, to ask again. */
export interface PendingConflict {
  stance: Stance;
  reason?: string;
  fingerprint: string;
  text: string;
}

export interface OpenBlock {
  blockId: string;
  /** `dispute` opens straight on the reason form. */
  mode: 'view' | 'dispute';
  conflict?: PendingConflict;
}

export interface Notice {
  text: string;
  tone: 'info' | 'error';
  seq: number;
}

export interface ConsensusSnapshot {
  load: 'loading' | 'ready' | 'error';
  error: string | null;
  me: string | null;
  isCommissioner: boolean;
  rule: ConsensusRule;
  ruleText: string;
  commissioners: readonly Person[];
  /** Agreements needed for "agreed": all commissioners, or the quorum. */
  needed: number;
  view: ConsensusView | null;
  /** Paragraphs per filter for `view` (counted whatever the load; shown once it is ready). */
  tally: FilterTally;
  filter: ConsensusFilter;
  open: OpenBlock | null;
  notice: Notice | null;
}

export type SignOffOutcome =
  { ok: true; count: number } | { ok: false; changed: { blockId: string; text: string | null }[] } | { ok: false; error: string };

export type VoteOutcome = { ok: true } | { ok: false; conflict: VoteConflict } | { ok: false; error: string };

/** What the store needs from a DocSession; tests pass a fake. */
export interface EventSource {
  onEvent(listener: (event: DocEvent) => void): () => void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): { phase: ConnectionPhase };
}
