import { describe, expect, it } from 'vitest';
import { roundAsk, roundScope } from './round-text';

const now = new Date(2031, 2, 1);

describe('round text', () => {
  it('says how much is left, where, and by when', () => {
    const deadline = new Date(2031, 2, 14).toISOString();
    expect(roundAsk(12, 'Chapter 1', deadline, now)).toBe('12 paragraphs in Chapter 1 need your review by Fri 14 March');
    expect(roundAsk(1, 'Chapter 1', deadline, now)).toBe('1 paragraph in Chapter 1 needs your review by Fri 14 March');
    expect(roundAsk(0, 'Chapter 1', deadline, now)).toBe('You have reviewed everything in Chapter 1 — the round closes Fri 14 March');
    expect(roundAsk(2, 'x', new Date(2032, 0, 9, 17, 30).toISOString(), now)).toBe(
      '2 paragraphs in x need your review by Fri 9 January 2032, 17:30',
    );
  });

  it('names the sections, or the whole document', () => {
    const s = (title: string) => ({ headingId: title, title, blocks: 1 });
    expect(roundScope({ sectionIds: null, sections: [s('A')] })).toBe('the whole document');
    expect(roundScope({ sectionIds: ['A'], sections: [s('A')] })).toBe('A');
    expect(roundScope({ sectionIds: ['A', 'B', 'C'], sections: [s('A'), s('B'), s('C')] })).toBe('A, B and C');
  });
});
