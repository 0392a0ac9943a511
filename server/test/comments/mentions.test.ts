import { describe, expect, it } from 'vitest';
import { findMentions } from '../../src/notifications/mentions.js';

const members = [
  { userId: 'ines', name: 'Ines', email: 'ines.garcia@example.org' },
  { userId: 'inesg', name: 'Ines Garcia', email: 'ig@example.org' },
  { userId: 'tom', name: 'Tom Baker', email: 'tom@example.org' },
];
const mentioned = (text: string) => [...findMentions(text, members)].sort();

describe('mentions', () => {
  it('matches a display name or email local part, case-insensitively', () => {
    expect(mentioned('@tom baker, see above')).toEqual(['tom']);
    expect(mentioned('cc @TOM')).toEqual(['tom']);
    expect(mentioned('@ines.garcia please check')).toEqual(['ines']);
    expect(mentioned('@tom@example.org')).toEqual(['tom']);
  });

  it('prefers the longest match', () => {
    expect(mentioned('@Ines Garcia: agreed')).toEqual(['inesg']);
    expect(mentioned('@Ines, agreed')).toEqual(['ines']);
  });

  it('needs a boundary on both sides', () => {
    expect(mentioned('mail tom@example.org')).toEqual([]);
    expect(mentioned('@Tomas')).toEqual([]);
    expect(mentioned('@nobody')).toEqual([]);
    expect(mentioned('(@tom) and @ines.')).toEqual(['ines', 'tom']);
  });
});
