/**
 * The check a vote must pass before the server records it (C20): the block must
 * exist and the fingerprint the voter saw must be the block's fingerprint now.
 * If the text changed while the vote was in flight, agreeing would sign text the
 * voter never read, so the vote is refused (HTTP 409) and the client shows the diff.
 */
import { ErrorCode } from '../protocol/errors.js';

export type VoteTargetCheck =
  | { ok: true }
  | { ok: false; code: typeof ErrorCode.notFound; message: string }
  | { ok: false; code: typeof ErrorCode.conflict; message: string; currentFingerprint: string };

/** `block` is the server's own current view of the block, undefined if it is gone. */
export function checkVoteTarget(block: { fingerprint: string } | undefined, votedFingerprint: string): VoteTargetCheck {
  if (!block) return { ok: false, code: ErrorCode.notFound, message: 'this paragraph no longer exists' };
  if (block.fingerprint !== votedFingerprint) {
    return {
      ok: false,
      code: ErrorCode.conflict,
      message: 'this paragraph changed while you were voting; review the new text and vote again',
      currentFingerprint: block.fingerprint,
    };
  }
  return { ok: true };
}
