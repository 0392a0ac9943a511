import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { canonicalBlockContent, fingerprintBlock, isFingerprint, type PMJSONNode } from '../../src/consensus/index.js';
import { br, h, p, schema, t } from './fixtures.js';

const fp = fingerprintBlock;

describe('fingerprint', () => {
  it('[C3] is the sha256 hex of a versioned canonical form of type, level, text, marks and breaks', () => {
    const block = h(2, 'x', 'Hi ', t('there', 'italic', 'bold'), br(), t('site', { link: 'https://example.org' }));
    expect(canonicalBlockContent(block)).toBe(
      'cf1:["heading",2,[["t","Hi "],["t","there","bold","italic"],["br"],["t","site","link:https://example.org"]]]',
    );
    expect(fp(block)).toMatch(/^[0-9a-f]{64}$/);
    expect(isFingerprint(fp(block))).toBe(true);
    // A known vector pins the definition: any change here stales every stored vote.
    const canonical = 'cf1:["paragraph",null,[["t","Héllo"]]]';
    expect(canonicalBlockContent(p(null, 'Héllo'))).toBe(canonical);
    expect(fp(p(null, 'Héllo'))).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
    expect(fp(p(null, 'Hello'))).toBe('9993ca370d765cc73d31c43eb4b573c9f5d723addc207c3194669f725ea561e9');
  });

  it('[C3] writes text exactly as JSON.stringify would, escapes included', () => {
    const samples = [
      'plain',
      'say "no"',
      'back\\slash',
      'tab\there',
      'nul\u0000',
      '\u2028line sep',
      'emoji 🎉',
      'lone \ud83c surrogate',
      'é',
      '</script>',
    ];
    for (const text of samples) {
      expect(canonicalBlockContent(p(null, text))).toBe(`cf1:["paragraph",null,[["t",${JSON.stringify(text)}]]]`);
    }
    expect(fp(p(null, 'lone \ud83c'))).not.toBe(fp(p(null, 'lone \ufffd')));
  });

  it('[C3] distinguishes paragraph from heading and one heading level from another', () => {
    const all = [p('a', 'Text'), h(1, 'a', 'Text'), h(2, 'a', 'Text'), h(3, 'a', 'Text')].map((b) => fp(b));
    expect(new Set(all).size).toBe(4);
  });

  it('[C3] counts hard breaks, which are not the same as a newline character or a space', () => {
    const withBreak = fp(p(null, 'a', br(), 'b'));
    expect(withBreak).not.toBe(fp(p(null, 'a b')));
    expect(withBreak).not.toBe(fp(p(null, 'ab')));
    expect(withBreak).not.toBe(fp({ type: 'paragraph', content: [{ type: 'text', text: 'a\nb' }] }));
    expect(fp(p(null, 'a', br(), br(), 'b'))).not.toBe(withBreak);
  });

  it('[C4] ignores the block id, the container, link target/rel/title and marks on hard breaks', () => {
    expect(fp(p('one', 'Same'))).toBe(fp(p('two', 'Same')));
    const plainLink = {
      type: 'paragraph',
      attrs: { id: 'a' },
      content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://a.example' } }] }],
    };
    const decorated = {
      type: 'paragraph',
      attrs: { id: 'b', textAlign: 'left' },
      content: [
        {
          type: 'text',
          text: 'x',
          marks: [{ type: 'link', attrs: { href: 'https://a.example', target: '_self', rel: 'x', title: 'T', class: 'c' } }],
        },
      ],
    };
    expect(fp(plainLink)).toBe(fp(decorated));
    const boldBreak = {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'a' },
        { type: 'hardBreak', marks: [{ type: 'bold' }] },
      ],
    };
    expect(fp(boldBreak)).toBe(fp(p(null, 'a', br())));
  });

  it('[C5] is sensitive to every character, including whitespace and look-alike code points', () => {
    const base = fp(p(null, 'The commission agrees.'));
    for (const variant of [
      'The commission agrees',
      'The commission  agrees.',
      'The commission agrees. ',
      'the commission agrees.',
      'The commisson agrees.',
    ]) {
      expect(fp(p(null, variant))).not.toBe(base);
    }
    // No Unicode normalisation: a composed é and e + combining accent are different text.
    expect(fp(p(null, 'caf\u00e9'))).not.toBe(fp(p(null, 'cafe\u0301')));
    expect(fp(p(null, 'emoji 🎉'))).not.toBe(fp(p(null, 'emoji 🎊')));
  });

  it('[C5] is sensitive to every mark and its extent, and to the link href', () => {
    const plain = fp(p(null, 'must act'));
    const marks = ['bold', 'italic', 'strike', 'underline'] as const;
    const marked = marks.map((m) => fp(p(null, t('must', m), ' act')));
    expect(new Set([plain, ...marked]).size).toBe(5);
    expect(fp(p(null, t('must ', 'bold'), 'act'))).not.toBe(fp(p(null, t('must', 'bold'), ' act')));
    expect(fp(p(null, t('x', { link: 'https://a.example' })))).not.toBe(fp(p(null, t('x', { link: 'https://b.example' }))));
    expect(fp(p(null, t('x', { link: 'https://a.example' })))).not.toBe(fp(p(null, 'x')));
  });

  it('[C5] does not depend on mark order or on how text is split into nodes', () => {
    const json = (content: PMJSONNode[]): PMJSONNode => ({ type: 'paragraph', content });
    const bi = json([{ type: 'text', text: 'ab', marks: [{ type: 'bold' }, { type: 'italic' }] }]);
    const ib = json([{ type: 'text', text: 'ab', marks: [{ type: 'italic' }, { type: 'bold' }] }]);
    const split = json([
      { type: 'text', text: 'a', marks: [{ type: 'italic' }, { type: 'bold' }] },
      { type: 'text', text: '', marks: [{ type: 'bold' }] },
      { type: 'text', text: 'b', marks: [{ type: 'bold' }, { type: 'italic' }] },
    ]);
    expect(fp(bi)).toBe(fp(ib));
    expect(fp(split)).toBe(fp(bi));
    expect(
      fp(
        json([
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ]),
      ),
    ).toBe(fp(p(null, 'ab')));
    // ...but differently marked neighbours stay apart.
    expect(
      fp(
        json([
          { type: 'text', text: 'a', marks: [{ type: 'bold' }] },
          { type: 'text', text: 'b' },
        ]),
      ),
    ).not.toBe(fp(p(null, 'ab')));
  });

  it('[C5] gives the same result for a live node, its JSON and a node rebuilt from JSON', () => {
    const samples = [
      p('a', 'Plain'),
      p('b', t('Bold', 'bold'), ' and ', t('both', 'bold', 'italic'), br(), t('link', { link: 'mailto:a@b.c' }, 'underline')),
      h(4, 'c', 'Level ', t('four', 'strike')),
      p('d'),
    ];
    for (const node of samples) {
      const json = node.toJSON();
      expect(fp(json)).toBe(fp(node));
      expect(fp(schema.nodeFromJSON(json))).toBe(fp(node));
      expect(canonicalBlockContent(JSON.parse(JSON.stringify(json)))).toBe(canonicalBlockContent(node));
    }
  });

  it('[C3] a heading without a level in JSON reads as level 1, as the schema does', () => {
    expect(fp({ type: 'heading', content: [{ type: 'text', text: 'T' }] })).toBe(fp(h(1, null, 'T')));
  });

  it('[C1] refuses to fingerprint something that is not a block', () => {
    expect(() => fp({ type: 'blockquote', content: [] })).toThrow(/not a block/);
  });
});
