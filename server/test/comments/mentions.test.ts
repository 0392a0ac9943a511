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

  it('matches the name people see, without its bracketed note and without accents (issue 14 #3)', () => {
    const commission = [
      { userId: 'amira', name: 'Amira Haddad (author)', email: 'author@demo.concord' },
      { userId: 'ines', name: 'Inès Moreau', email: 'ines@demo.concord' },
    ];
    const found = (text: string) => [...findMentions(text, commission)].sort();
    expect(found('@Amira Haddad can you check?')).toEqual(['amira']);
    expect(found('@Amira Haddad (author) can you check?')).toEqual(['amira']);
    expect(found('@Inès Moreau and @ines moreau')).toEqual(['ines']);
    expect(found('@Ines Moreau')).toEqual(['ines']);
    expect(found('@Amira')).toEqual([]);
  });
});
