import { describe, expect, it } from 'vitest';
import { diffBlocks, votesAt, type DiffBlock, type VoteAuditRecord } from '../../src/versions/index.js';
import { seededRandom, type Random } from '../../src/fixtures/prng.js';

const WORDS = ['the', 'commission', 'recommends', 'a', 'four-day', 'week', 'pay', 'review', 'é', '🎉', 'annual', 'report'];

function block(id: string, text: string, status: DiffBlock['status'] = 'unreviewed', stale = false): DiffBlock {
  return { id, kind: 'paragraph', level: null, text, fingerprint: `fp:${text}`, status, stale };
}

const sentence = (r: Random) => Array.from({ length: r.int(1, 12) }, () => r.pick(WORDS)).join(' ');

describe('block diff', () => {
  it('finds blocks added, removed, moved and changed, with word-level changes inside changed ones', () => {
    const from = [block('a', 'Intro'), block('b', 'The commission recommends a four-day week.'), block('c', 'Pay'), block('d', 'Old')];
    const to = [block('c', 'Pay'), block('a', 'Intro'), block('b', 'The commission recommends a five-day week.'), block('e', 'New')];
    const diff = diffBlocks(from, to);
    expect(diff.changes.map((c) => [c.id, c.change, c.moved])).toEqual([
      ['c', 'moved', true],
      ['b', 'changed', false],
      ['d', 'removed', false],
      ['e', 'added', false],
    ]);
    expect(diff.changes[1]!.words).toEqual([
      { op: 'equal', text: 'The commission recommends a ' },
      { op: 'delete', text: 'four' },
      { op: 'insert', text: 'five' },
      { op: 'equal', text: '-day week.' },
    ]);
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 1, moved: 1, agreementChanged: 2 });
  });

  it('comparing a state with itself is an empty diff, not an error', () => {
    const blocks = [block('a', 'x', 'agreed'), block('b', 'y', 'disputed', true)];
    expect(diffBlocks(blocks, blocks)).toEqual({
      changes: [],
      summary: { added: 0, removed: 0, changed: 0, moved: 0, agreementChanged: 0 },
    });
  });

  it('"only blocks whose agreement changed" keeps status changes, even on unchanged text, and drops the rest', () => {
    const from = [block('a', 'Same', 'in_review'), block('b', 'Old words', 'agreed'), block('c', 'Untouched', 'agreed')];
    const to = [block('a', 'Same', 'agreed'), block('b', 'New words', 'agreed', true), block('c', 'Untouched', 'agreed')];
    const all = diffBlocks(from, to);
    expect(all.changes.map((c) => [c.id, c.change])).toEqual([
      ['a', 'agreement'],
      ['b', 'changed'],
    ]);
    const only = diffBlocks(from, to, { onlyAgreementChanged: true });
    expect(only.changes.map((c) => c.id)).toEqual(['a', 'b']);
    const reworded = [block('a', 'Same', 'in_review'), block('b', 'New words', 'agreed'), block('c', 'Untouched', 'agreed')];
    const onlyText = diffBlocks(from, reworded, { onlyAgreementChanged: true });
    expect(onlyText.changes).toEqual([]);
    expect(onlyText.summary.changed).toBe(1);
  });

  it('a block without an id is never matched across sides', () => {
    const anon: DiffBlock = { ...block('x', 'Anon'), id: null };
    const diff = diffBlocks([anon], [anon]);
    expect(diff.changes.map((c) => c.change)).toEqual(['removed', 'added']);
  });

  it('seeded random documents: every edit is found, moves are minimal, word diffs rebuild both texts', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = seededRandom(seed);
      const from = Array.from({ length: r.int(0, 40) }, (_, i) => block(`b${i}`, sentence(r)));
      const to = from.map((b) => ({ ...b }));
      const removedIds = new Set<string>();
      const addedIds = new Set<string>();
      const changedIds = new Set<string>();
      let moves = 0;
      for (let op = r.int(0, 12); op > 0; op--) {
        const kind = r.int(0, 3);
        if (kind === 0 && to.length) {
          const [gone] = to.splice(r.int(0, to.length - 1), 1);
          if (addedIds.has(gone!.id!)) addedIds.delete(gone!.id!);
          else removedIds.add(gone!.id!);
          changedIds.delete(gone!.id!);
        } else if (kind === 1) {
          const id = `n${seed}-${op}`;
          to.splice(r.int(0, to.length), 0, block(id, sentence(r)));
          addedIds.add(id);
        } else if (kind === 2 && to.length) {
          const i = r.int(0, to.length - 1);
          const text = sentence(r);
          if (text === to[i]!.text) continue;
          to[i] = block(to[i]!.id!, text);
          if (!addedIds.has(to[i]!.id!)) changedIds.add(to[i]!.id!);
        } else if (to.length > 1) {
          const [moved] = to.splice(r.int(0, to.length - 1), 1);
          to.splice(r.int(0, to.length), 0, moved!);
          moves++;
        }
      }
      // An edit that restored the original text is not a change.
      const original = new Map(from.map((b) => [b.id, b.text]));
      for (const id of [...changedIds]) if (to.find((b) => b.id === id)!.text === original.get(id)) changedIds.delete(id);

      const diff = diffBlocks(from, to);
      const ids = (kind: string) => new Set(diff.changes.filter((c) => c.change === kind).map((c) => c.id));
      expect(ids('added')).toEqual(addedIds);
      expect(ids('removed')).toEqual(removedIds);
      expect(ids('changed')).toEqual(changedIds);
      expect(diff.summary.moved).toBeLessThanOrEqual(moves);
      // The blocks that did not move keep their relative order on both sides.
      const staying = to.filter((b) => original.has(b.id) && !diff.changes.some((c) => c.id === b.id && c.moved)).map((b) => b.id);
      const fromOrder = from.map((b) => b.id).filter((id) => staying.includes(id));
      expect(staying).toEqual(fromOrder);
      for (const c of diff.changes.filter((x) => x.change === 'changed')) {
        expect(
          c
            .words!.filter((w) => w.op !== 'insert')
            .map((w) => w.text)
            .join(''),
        ).toBe(c.before!.text);
        expect(
          c
            .words!.filter((w) => w.op !== 'delete')
            .map((w) => w.text)
            .join(''),
        ).toBe(c.after!.text);
      }
      // Applying the diff's added and removed entries to the earlier side's ids gives the later side's ids.
      const rebuilt = new Set([...from.map((b) => b.id)].filter((id) => !ids('removed').has(id)));
      for (const id of ids('added')) rebuilt.add(id);
      expect(rebuilt).toEqual(new Set(to.map((b) => b.id)));
      expect(diffBlocks(to, to).changes).toEqual([]);
    }
  });

  it('puts each removed block after the block that preceded it', () => {
    const from = [block('a', 'A'), block('x', 'X'), block('b', 'B'), block('y', 'Y')];
    const to = [block('a', 'A'), block('b', 'B')];
    expect(diffBlocks(from, to).changes.map((c) => c.id)).toEqual(['x', 'y']);
  });
});

describe('votes at a past moment', () => {
  const cast = (seq: number, user: string, blockId: string, stance: string, fingerprint: string): VoteAuditRecord => ({
    seq,
    action: 'vote.cast',
    actorId: user,
    blockId,
    at: `2026-01-01T00:00:${String(seq).padStart(2, '0')}Z`,
    details: { stance, reason: stance === 'dispute' ? 'no' : null, fingerprint, text: `t${fingerprint}` },
  });
  const log: VoteAuditRecord[] = [
    cast(1, 'u1', 'b1', 'agree', 'f1'),
    cast(2, 'u2', 'b1', 'dispute', 'f1'),
    { seq: 3, action: 'rule.changed', actorId: 'a', blockId: null, at: '', details: {} },
    cast(4, 'u1', 'b1', 'agree', 'f2'),
    { seq: 5, action: 'vote.withdrawn', actorId: 'u2', blockId: 'b1', at: '', details: {} },
    { seq: 6, action: 'vote.batch', actorId: 'u2', blockId: null, at: '', details: { count: 1 } },
    cast(7, 'u2', 'b2', 'agree', 'g1'),
  ];

  it('replays the audit log up to a position: what the votes table held then', () => {
    expect(votesAt(log, 2).map((v) => [v.userId, v.blockId, v.stance, v.fingerprint])).toEqual([
      ['u1', 'b1', 'agree', 'f1'],
      ['u2', 'b1', 'dispute', 'f1'],
    ]);
    expect(votesAt(log, 4).map((v) => [v.userId, v.fingerprint])).toEqual([
      ['u2', 'f1'],
      ['u1', 'f2'],
    ]);
    expect(votesAt(log, 5).map((v) => [v.userId, v.fingerprint])).toEqual([['u1', 'f2']]);
    expect(votesAt(log).map((v) => [v.userId, v.blockId])).toEqual([
      ['u1', 'b1'],
      ['u2', 'b2'],
    ]);
    expect(votesAt(log, 0)).toEqual([]);
  });
});
