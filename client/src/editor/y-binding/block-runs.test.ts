import { describe, expect, it } from 'vitest';
import { blockRuns, type BlockRun } from './block-runs';

/** Applies runs (left to right, as the binding does) to a copy of `before`. */
function apply<T>(before: readonly T[], runs: BlockRun<T>[]): T[] {
  const out: T[] = [];
  let i = 0;
  for (const run of runs) {
    while (i < run.oldStart) out.push(before[i++]!);
    out.push(...run.inserted);
    i += run.removed.length;
  }
  while (i < before.length) out.push(before[i++]!);
  return out;
}

const objs = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

describe('blockRuns', () => {
  it('finds nothing when nothing changed', () => {
    const a = objs(5);
    expect(blockRuns(a, [...a])).toEqual([]);
  });

  it('replaces only the changed block', () => {
    const a = objs(1500);
    const b = [...a];
    b[700] = { i: 700 };
    const runs = blockRuns(a, b);
    expect(runs).toEqual([{ oldStart: 700, removed: [a[700]], inserted: [b[700]] }]);
  });

  it('gives one run per changed block when several far apart changed', () => {
    const a = objs(100);
    const b = [...a];
    b[10] = { i: -10 };
    b[50] = { i: -50 };
    b[90] = { i: -90 };
    const runs = blockRuns(a, b);
    expect(runs.map((r) => r.oldStart)).toEqual([10, 50, 90]);
    expect(apply(a, runs)).toEqual(b);
  });

  it('handles splits, joins, insertions, deletions and moves', () => {
    const a = objs(8);
    const cases: { i: number }[][] = [
      [...a.slice(0, 3), { i: 31 }, { i: 32 }, ...a.slice(4)], // split block 3
      [...a.slice(0, 2), { i: 23 }, ...a.slice(4)], // join 2 and 3
      [{ i: -1 }, ...a, { i: 99 }], // insert at both ends
      a.slice(1, 7), // delete at both ends
      [a[0]!, a[5]!, a[1]!, a[2]!, a[3]!, a[4]!, a[6]!, a[7]!], // move 5 up
      [a[7]!, a[6]!, a[5]!, a[4]!, a[3]!, a[2]!, a[1]!, a[0]!], // reverse
      [], // everything deleted
    ];
    for (const b of cases) expect(apply(a, blockRuns(a, b))).toEqual(b);
  });

  it('always rebuilds the new list (random changes)', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 300; round++) {
      const a = objs(1 + rand(30));
      const b = [...a];
      for (let k = rand(6); k > 0; k--) {
        const op = rand(4);
        const at = rand(b.length + 1);
        if (op === 0) b.splice(at, 0, { i: 1000 + k });
        else if (op === 1 && b.length) b.splice(at % b.length, 1);
        else if (op === 2 && b.length) b[at % b.length] = { i: 2000 + k };
        else if (b.length > 1) b.splice(rand(b.length), 0, b.splice(at % b.length, 1)[0]!);
      }
      expect(apply(a, blockRuns(a, b))).toEqual(b);
    }
  });
});
