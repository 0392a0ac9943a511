/** Small helpers of the consensus store. */
import type { VoteJson } from '../api/consensus';

export function isVoteJson(value: unknown): value is VoteJson {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.userId === 'string' &&
    (v.stance === 'agree' || v.stance === 'dispute') &&
    typeof v.fingerprint === 'string' &&
    typeof v.at === 'string'
  );
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
