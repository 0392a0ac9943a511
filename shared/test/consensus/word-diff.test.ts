import { describe, it, expect } from 'vitest';
import { wordDiff, type WordDiffPart } from '../../src/consensus/index.js';

const side = (parts: WordDiffPart[], skip: 'insert' | 'delete') =>
  parts
    .filter((x) => x.op !== skip)
    .map((x) => x.text)
    .join('');

describe('word diff', () => {
  it('[C24] shows what changed since the vote, word by word', () => {
    expect(wordDiff('The commission recommends a four-day week.', 'The commission strongly recommends a five-day week.')).toEqual([
      { op: 'equal', text: 'The commission ' },
      { op: 'insert', text: 'strongly ' },
      { op: 'equal', text: 'recommends a ' },
      { op: 'delete', text: 'four' },
      { op: 'insert', text: 'five' },
      { op: 'equal', text: '-day week.' },
    ]);
  });

  it('[C24] shows whitespace-only changes, since they make votes stale too', () => {
    const parts = wordDiff('a b', 'a  b');
    expect(parts.some((x) => x.op !== 'equal')).toBe(true);
  });

  it('[C24] old text = equal + delete parts, new text = equal + insert parts, for any input', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const words = ['the', 'commission', 'agrees', ',', '.', ' ', '  ', '\n', 'é', '🎉', 'pay', 'week'];
    const sentence = () =>
      Array.from({ length: Math.floor(random() * 20) }, () => words[Math.floor(random() * words.length)]).join(random() < 0.5 ? ' ' : '');
    for (let i = 0; i < 300; i++) {
      const [a, b] = [sentence(), sentence()];
      const parts = wordDiff(a, b);
      expect(side(parts, 'insert')).toBe(a);
      expect(side(parts, 'delete')).toBe(b);
      expect(parts.every((x) => x.text !== '')).toBe(true);
      expect(parts.every((x, j) => j === 0 || parts[j - 1]!.op !== x.op)).toBe(true);
    }
  });

  it('[C24] identical or empty texts give no changes; a very long rewrite degrades to replace-all', () => {
    expect(wordDiff('same', 'same')).toEqual([{ op: 'equal', text: 'same' }]);
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('', 'new')).toEqual([{ op: 'insert', text: 'new' }]);
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const parts = wordDiff(a, b);
    expect(side(parts, 'insert')).toBe(a);
    expect(side(parts, 'delete')).toBe(b);
  });
});
