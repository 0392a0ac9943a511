import { describe, expect, it } from 'vitest';
import { splitLinks } from './linkify';

describe('splitLinks', () => {
  it('keeps plain text as one text part', () => {
    expect(splitLinks('Agreed, with one caveat.')).toEqual([{ kind: 'text', text: 'Agreed, with one caveat.' }]);
  });

  it('links http and https URLs and leaves sentence punctuation outside', () => {
    expect(splitLinks('See https://example.org/report. Also http://a.example/x?y=1, ok')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.org/report', href: 'https://example.org/report' },
      { kind: 'text', text: '. Also ' },
      { kind: 'link', text: 'http://a.example/x?y=1', href: 'http://a.example/x?y=1' },
      { kind: 'text', text: ', ok' },
    ]);
  });

  it('keeps balanced brackets that belong to the URL', () => {
    const parts = splitLinks('(see https://en.wikipedia.org/wiki/Rent_(economics))');
    expect(parts[1]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Rent_(economics)',
      href: 'https://en.wikipedia.org/wiki/Rent_(economics)',
    });
    expect(parts[2]).toEqual({ kind: 'text', text: ')' });
  });

  it('never links other schemes, and never turns markup into anything but text', () => {
    for (const payload of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '<img src=x onerror=window.__pwned=1>',
      'JAVASCRIPT://%0aalert(1)',
      'vbscript:msgbox',
    ]) {
      expect(splitLinks(payload)).toEqual([{ kind: 'text', text: payload }]);
    }
    // A URL candidate stops at markup characters.
    expect(splitLinks('https://x.example/<script>')).toEqual([
      { kind: 'link', text: 'https://x.example/', href: 'https://x.example/' },
      { kind: 'text', text: '<script>' },
    ]);
  });

  it('links only what passes the shared link policy: a scheme with nothing after it, or a backslash, stays text', () => {
    expect(splitLinks('see http:// now')).toEqual([{ kind: 'text', text: 'see http:// now' }]);
    expect(splitLinks('https://a.example\\@evil.example')).toEqual([{ kind: 'text', text: 'https://a.example\\@evil.example' }]);
  });
});
