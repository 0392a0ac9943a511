/**
 * What a checkpoint reads from the document, computed in one pass: the skeleton,
 * each block's wording hash, the wordings not already known, and every block's
 * consensus state (for the version's summary). The same function runs in the
 * capture worker (capture-worker.ts, on its replica of the document) and, while
 * that worker is not available, on the event loop (capture-runner.ts).
 */
import { createHash } from 'node:crypto';
import { computeConsensus, fingerprintBlock, type ConsensusRule, type ConsensusView, type Vote } from '@concord/shared';
import { splitContent, type PMJson } from './version-content.js';

const nativeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** One block as a checkpoint saw it; `json` and `fingerprint` only for wordings the caller may not have. */
export interface CapturedBlock {
  hash: string;
  blockId: string | null;
  json?: string;
  fingerprint?: string;
}

/** A block's consensus state: [block id, fingerprint, status, stale]. */
export type CapturedState = [string, string, string, boolean];

export interface Captured {
  skeleton: string;
  /** Every block, in document order. */
  blocks: CapturedBlock[];
  /** Blocks with an id (first occurrence), in document order. */
  states: CapturedState[];
  /** Blocks the consensus view counts. */
  blockCount: number;
}

export interface CaptureInputs {
  votes: Map<string, Vote[]>;
  commissioners: string[];
  rule: ConsensusRule;
}

/** Splits and evaluates `doc`; wordings whose hash `known` holds come back without their JSON. */
export function captureContent(doc: PMJson, inputs: CaptureInputs, known: ReadonlySet<string>): Captured {
  const split = splitContent(doc);
  const blocks: CapturedBlock[] = split.blocks.map((b) =>
    known.has(b.hash)
      ? { hash: b.hash, blockId: b.blockId }
      : { hash: b.hash, blockId: b.blockId, json: b.json, fingerprint: fingerprintBlock(b.node, { sha256: nativeSha256 }) },
  );
  const view = computeConsensus(doc, inputs.votes, inputs.commissioners, inputs.rule, { sha256: nativeSha256 });
  return { skeleton: split.skeleton, blocks, states: statesOf(view), blockCount: view.entries.length };
}

/** Each block's consensus state, by id (the first block with an id, should one repeat), in document order. */
export function statesOf(view: ConsensusView): CapturedState[] {
  const states: CapturedState[] = [];
  const seen = new Set<string>();
  for (const { block, consensus } of view.entries) {
    if (block.id === null || seen.has(block.id)) continue;
    seen.add(block.id);
    states.push([block.id, block.fingerprint, consensus.status, consensus.stale]);
  }
  return states;
}
