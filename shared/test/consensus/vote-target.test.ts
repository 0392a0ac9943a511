import { describe, it, expect } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import { checkVoteTarget, extractBlocks } from '../../src/consensus/index.js';
import { ErrorCode } from '../../src/protocol/index.js';
import { doc, p, textStart } from './fixtures.js';

describe('checking a vote before recording it', () => {
  const d = doc(p('p1', 'Original wording.'));
  const seen = extractBlocks(d)[0]!;

  it('[C20] a vote on the text the server holds is accepted', () => {
    expect(checkVoteTarget(seen, seen.fingerprint)).toEqual({ ok: true });
  });

  it('[C20] a vote whose text changed in flight is refused as a conflict (HTTP 409), with the current fingerprint', () => {
    const state = EditorState.create({ doc: d });
    const changed = state.apply(state.tr.insertText('Amended', textStart(d, 'p1'), textStart(d, 'p1') + 'Original'.length)).doc;
    const now = extractBlocks(changed)[0]!;
    const result = checkVoteTarget(now, seen.fingerprint);
    expect(result).toMatchObject({ ok: false, code: ErrorCode.conflict, currentFingerprint: now.fingerprint });
    if (!result.ok) expect(result.message).toMatch(/changed/);
  });

  it('[C20] a vote on a block that no longer exists is refused as not found', () => {
    expect(checkVoteTarget(undefined, seen.fingerprint)).toMatchObject({ ok: false, code: ErrorCode.notFound });
  });
});
