import { capabilitiesOf } from '@concord/shared';
import { describe, expect, it } from 'vitest';
import type { Thread } from '../api/comments';
import { blockHash, parseTarget, threadHash } from './block-target';
import { withLocalDetachment } from './use-block-ids';
import { canChange, canResolve, isMine } from './permissions';

const person = (userId: string) => ({ userId, name: userId });
function thread(id: string, blockId: string, extra: Partial<Thread> = {}): Thread {
  return {
    id,
    blockId,
    quote: null,
    anchorText: 'text',
    detached: false,
    status: 'open',
    createdBy: person('u1'),
    createdAt: '2026-01-01T00:00:00Z',
    resolvedBy: null,
    resolvedAt: null,
    comments: [
      { id: 'c-' + id, author: person('u1'), text: 'hi', createdAt: '2026-01-01T00:00:00Z', editedAt: null, deleted: false, mentioned: [] },
    ],
    ...extra,
  };
}

describe('links into a document', () => {
  it('round-trips block and thread targets, ids with odd characters included', () => {
    expect(parseTarget(blockHash('p 1/é'))).toEqual({ kind: 'block', id: 'p 1/é' });
    expect(parseTarget(threadHash('t_abc'))).toEqual({ kind: 'thread', id: 't_abc' });
    expect(parseTarget('#elsewhere')).toBeNull();
    expect(parseTarget('#block-%E0%A4%A')).toBeNull();
  });
});

describe('threads against the editor’s document', () => {
  it('marks threads whose block is gone as detached and lists them last; a block that comes back re-attaches', () => {
    const threads = [thread('a', 'p1'), thread('b', 'p2'), thread('c', 'p3', { detached: true })];
    const view = withLocalDetachment(threads, new Set(['p1', 'p3']));
    expect(view.map((t) => [t.id, t.detached])).toEqual([
      ['a', false],
      ['c', false],
      ['b', true],
    ]);
    expect(withLocalDetachment(threads, null)).toEqual(threads);
  });
});

describe('comment permissions (from the capabilities the server sends for each role)', () => {
  const t = thread('a', 'p1');
  it('the author role or the starter resolves; read-only roles never', () => {
    expect(canResolve(capabilitiesOf('author'), 'someone', t)).toBe(true);
    expect(canResolve(capabilitiesOf('commissioner'), 'u1', t)).toBe(true);
    expect(canResolve(capabilitiesOf('commissioner'), 'u2', t)).toBe(false);
    expect(canResolve(capabilitiesOf('observer'), 'u1', t)).toBe(false);
  });
  it('only one’s own, undeleted comment can be changed', () => {
    const c = t.comments[0]!;
    expect(canChange(capabilitiesOf('commissioner'), 'u1', c)).toBe(true);
    expect(canChange(capabilitiesOf('author'), 'u2', c)).toBe(false);
    expect(canChange(capabilitiesOf('publisher'), 'u1', c)).toBe(false);
    expect(canChange(capabilitiesOf('commissioner'), 'u1', { ...c, deleted: true })).toBe(false);
  });
  it('"mine" means started or joined', () => {
    expect(isMine(t, 'u1')).toBe(true);
    expect(isMine(t, 'u2')).toBe(false);
  });
});
