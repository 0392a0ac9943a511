import { describe, expect, it } from 'vitest';
import { snippet } from './snippet';

describe('snippet', () => {
  it('keeps short text whole, on one line', () => {
    expect(snippet('  Rents  rose\nfastest. ', 90)).toBe('Rents rose fastest.');
  });
  it('cuts long text with an ellipsis, whatever its length', () => {
    const long = 'word '.repeat(5_000);
    expect(snippet(long, 20)).toBe('word word word word…');
    expect(snippet(long, 20).length).toBe(20);
  });
  it('reads past a head that is mostly whitespace', () => {
    expect(snippet(' '.repeat(500) + 'a long enough sentence to be cut here', 12)).toBe('a long enou…');
  });
});
