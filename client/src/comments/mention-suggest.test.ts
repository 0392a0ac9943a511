import { describe, expect, it } from 'vitest';
import { applyMention, matchMembers, mentionAt } from './mention-suggest';

const members = [
  { userId: 'a', name: 'Amira Haddad (author)', email: 'author@demo.concord' },
  { userId: 'i', name: 'Inès Moreau', email: 'ines@demo.concord' },
  { userId: 't', name: 'Tom Becker', email: 'tom@demo.concord' },
];

describe('mention autocomplete', () => {
  it('finds the @query at the caret, not in emails', () => {
    expect(mentionAt('Hello @Am', 9)).toEqual({ start: 6, query: 'Am' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('mail tom@demo', 13)).toBeNull();
    expect(mentionAt('@Tom\nnext', 9)).toBeNull();
  });

  it('matches names by any word, without accents, then emails', () => {
    expect(matchMembers('ines', members).map((m) => m.userId)).toEqual(['i']);
    expect(matchMembers('had', members).map((m) => m.userId)).toEqual(['a']);
    expect(matchMembers('auth', members).map((m) => m.userId)).toEqual(['a']);
    expect(matchMembers('', members)).toHaveLength(3);
    expect(matchMembers('zz', members)).toEqual([]);
  });

  it('inserts the name people see, without its bracketed note', () => {
    const text = 'cc @Am please';
    const at = mentionAt(text, 6)!;
    expect(applyMention(text, at, members[0]!)).toEqual({ text: 'cc @Amira Haddad please', caret: 17 });
  });
});
