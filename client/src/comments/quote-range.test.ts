import { describe, expect, it } from 'vitest';
import { concordSchema } from '@concord/shared';
import { quoteRange } from './quote-range';

const schema = concordSchema();
type Part = string | { strong: string } | { br: true };
const para = (...parts: Part[]) =>
  schema.nodeFromJSON({
    type: 'paragraph',
    content: parts.map((p) =>
      typeof p === 'string'
        ? { type: 'text', text: p }
        : 'br' in p
          ? { type: 'hardBreak' }
          : { type: 'text', text: p.strong, marks: [{ type: 'bold' }] },
    ),
  });

describe('quoteRange', () => {
  it('finds the quoted words of a paragraph as document positions', () => {
    const block = para('Care workers look after people.');
    // The block starts at 10: its text starts at 11.
    expect(quoteRange(block, 10, 'look after')).toEqual({ from: 11 + 13, to: 11 + 23 });
  });

  it('spans marks and skips inline nodes without text', () => {
    const block = para('Pay is ', { strong: '14%' }, ' below', { br: true }, 'comparable roles.');
    const range = quoteRange(block, 0, 'is 14% below')!;
    expect(block.textBetween(range.from - 1, range.to - 1)).toBe('is 14% below');
    // After the hard break (one position, no text) the positions move on by one.
    const after = quoteRange(block, 0, 'comparable')!;
    expect(block.textBetween(after.from - 1, after.to - 1)).toBe('comparable');
  });

  it('is null when the words are no longer there', () => {
    expect(quoteRange(para('Rewritten entirely.'), 0, 'look after')).toBeNull();
    expect(quoteRange(para('Anything'), 0, '')).toBeNull();
  });
});
