/**
 * Export → import → export: the Markdown renderer's escaping is checked
 * against a real CommonMark parser (markdown-it, through the importer), on
 * hand-picked hostile text and on seeded random documents.
 */
import type { BlockNode, DocNode, InlineNode, MarkJSON } from '@concord/shared';
import { markdownFromDoc, parseDocJSON } from '@concord/shared';
import { sampleDocumentWithEveryNodeType, seededRandom } from '@concord/shared/fixtures/index';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/import/index.js';
import { utf8, withoutIds } from './helpers.js';

async function roundTrip(doc: DocNode): Promise<{ md: string; back: DocNode; md2: string }> {
  const md = markdownFromDoc(parseDocJSON(doc));
  const { doc: back } = await importDocument({ filename: 'rt.md', bytes: utf8(md) });
  return { md, back, md2: markdownFromDoc(parseDocJSON(back)) };
}

const para = (...content: InlineNode[]): BlockNode => ({ type: 'paragraph', attrs: { id: 'x', recommendation: false }, content });
const t = (text: string, marks?: MarkJSON[]): InlineNode => (marks ? { type: 'text', text, marks } : { type: 'text', text });

function markedChars(d: DocNode): string[] {
  const out: string[] = [];
  for (const node of (d.content[0] as { content?: InlineNode[] }).content ?? []) {
    if (node.type === 'hardBreak') out.push('\n');
    else if (node.type === 'footnote') out.push('[^]');
    else
      for (const c of node.text)
        out.push(
          /\s/.test(c)
            ? c
            : `${c}:${JSON.stringify((node.marks ?? []).map((m) => (m.type === 'link' ? `link=${m.attrs.href}` : m.type)).sort())}`,
        );
  }
  return out;
}

describe('Markdown round trip (export → import → export)', () => {
  it('keeps text with & < > " \' * _ [ ] exactly, without double escaping', async () => {
    const samples = [
      'AT&T & Sons < 5 > 3 "quoted" \'single\' a*b*c _under_ [133] [a](b) x]y',
      '&amp; &copy; &#65; &#x41; & ; &',
      '<div>not html</div> <!-- no comment --> <http://not.a.link>',
      '* star _ under ** double __ dunder *emph* _emph_ **strong**',
      '\\ back\\slash \\* \\_ \\\\',
      '`code` ``double`` ~tilde~ ~~strike~~ | pipe |',
      '# not heading',
      '1. not a list',
      '- not a list',
      '> not a quote',
      '![not an image](x.png) [^1] [foo]: /url',
    ];
    for (const text of samples) {
      const doc: DocNode = { type: 'doc', content: [para(t(text))] };
      const { md, back, md2 } = await roundTrip(doc);
      expect(withoutIds(back), `${text}\n→ ${md}`).toEqual(withoutIds(doc));
      expect(md2).toBe(md);
    }
    const { md } = await roundTrip({ type: 'doc', content: [para(t('AT&T says "hi" & \'bye\''))] });
    expect(md).toBe('AT&T says "hi" & \'bye\'');
    // Leading spaces do not turn a paragraph into a code block (the DOM collapses them on import).
    const indented = await roundTrip({ type: 'doc', content: [para(t('    four spaces'))] });
    expect(indented.back.content[0]).toMatchObject({ type: 'paragraph', content: [{ type: 'text', text: 'four spaces' }] });
  });

  it('keeps the every-node-type sample (minus its unsafe link) and reproduces the same Markdown', async () => {
    const sample = parseDocJSON(sampleDocumentWithEveryNodeType());
    const { md, back, md2 } = await roundTrip(sample);
    // The in-page link (#notes) is text in the export already (safeHref: nothing keeps anchors' targets).
    expect(md).toContain('jump to notes,');
    expect(md2).toBe(md);
    // The importer drops the javascript: link (text kept), as the exporter already did.
    const json = JSON.stringify(withoutIds(back));
    expect(json).not.toContain('javascript');
    expect(json).toContain(
      '"text":"Text with & < > \\" \' * _ [ ] and a footnote marker [133]; AT&T, x < y, 5 * 3, snake_case_name, `code`, ~tilde~ & &amp; stays."',
    );
  });

  it('survives seeded random documents: text soup with marks, links and hard breaks', async () => {
    const rng = seededRandom('md-fuzz');
    const alphabet = [
      'a',
      'b',
      'Z',
      '1',
      '9',
      ' ',
      ' ',
      '&',
      '<',
      '>',
      '"',
      "'",
      '*',
      '_',
      '[',
      ']',
      '(',
      ')',
      '`',
      '~',
      '#',
      '\\',
      '!',
      '-',
      '+',
      '.',
      '|',
      ':',
      '=',
      'é',
      '—',
    ];
    const marks: MarkJSON[][] = [
      [],
      [],
      [{ type: 'bold' }],
      [{ type: 'italic' }],
      [{ type: 'strike' }],
      [{ type: 'underline' }],
      [{ type: 'bold' }, { type: 'italic' }],
      [{ type: 'link', attrs: { href: 'https://e.org/a_b?c=1&d=(2)' } }],
    ];
    const word = () => Array.from({ length: rng.int(1, 8) }, () => rng.pick(alphabet)).join('');
    for (let run = 0; run < 300; run++) {
      const inline: InlineNode[] = [];
      for (let i = rng.int(1, 6); i > 0; i--) {
        if (inline.length > 0 && rng.chance(0.1)) inline.push({ type: 'hardBreak' });
        inline.push(t(word(), rng.pick(marks)));
      }
      const doc = parseDocJSON({ type: 'doc', content: [para(...inline)] });
      if (inline.every((n) => n.type !== 'text' || n.text.trim() === '')) continue; // nothing to import
      const { md, back, md2 } = await roundTrip(doc);
      // Whitespace at line edges and runs of spaces are not significant in Markdown (nor kept by HTML parsing).
      const raw = (d: DocNode) =>
        (d.content[0] as { content?: InlineNode[] }).content?.map((n) => (n.type === 'text' ? n.text : '\n')).join('') ?? '';
      const plain = (d: DocNode) =>
        raw(d)
          .replace(/[ \t]*\n[ \t]*/g, '\n')
          .replace(/ +/g, ' ')
          .trim();
      expect(plain(back), `run ${run}: ${JSON.stringify(md)}`).toBe(plain(doc));
      // Where the text has no whitespace the DOM would normalise, every visible character keeps its marks
      // (marks on spaces and hard breaks are invisible and may move to the neighbouring text in Markdown).
      if (plain(doc) === raw(doc)) expect(markedChars(back), `run ${run}: ${JSON.stringify(md)}`).toEqual(markedChars(doc));
      expect(md2, `run ${run}`).toBe(markdownFromDoc(parseDocJSON(back)));
    }
  }, 120_000);
});

describe('Markdown round trip of random block structures', () => {
  it('keeps nesting, list kinds and starts, quotes and headings (seeded)', async () => {
    const rng = seededRandom('md-blocks');
    const chars = 'abcxyz019&<>"\'*_[]()`~#\\!-+.|:=é'.split('');
    const word = () => Array.from({ length: rng.int(1, 6) }, () => rng.pick(chars)).join('');
    const inline = (): InlineNode[] => {
      const out: InlineNode[] = [];
      for (let i = rng.int(1, 4); i > 0; i--) {
        if (out.length > 0) out.push(t(' '));
        const mark = rng.pick<MarkJSON[] | undefined>([
          undefined,
          undefined,
          [{ type: 'bold' }],
          [{ type: 'italic' }],
          [{ type: 'link', attrs: { href: 'https://e.org/x' } }],
        ]);
        out.push(t(word(), mark));
      }
      return out;
    };
    const block = (depth: number): BlockNode => {
      const roll = rng.next();
      if (depth >= 3 || roll < 0.45) return para(...inline());
      if (roll < 0.55) return { type: 'heading', attrs: { id: 'x', level: rng.int(1, 6) }, content: inline() };
      if (roll < 0.8) {
        const items = Array.from({ length: rng.int(1, 3) }, () => ({
          type: 'listItem' as const,
          content: [para(...inline()), ...(rng.chance(0.3) ? [block(depth + 1)] : [])],
        }));
        return rng.chance(0.5)
          ? { type: 'bulletList', content: items }
          : { type: 'orderedList', attrs: { start: rng.pick([1, 1, 3, 10]), type: null }, content: items };
      }
      return { type: 'blockquote', content: Array.from({ length: rng.int(1, 2) }, () => block(depth + 1)) };
    };
    for (let run = 0; run < 200; run++) {
      const doc = parseDocJSON({ type: 'doc', content: Array.from({ length: rng.int(1, 4) }, () => block(0)) });
      const { md, back, md2 } = await roundTrip(doc);
      expect(withoutIds(back), `run ${run}:\n${md}`).toEqual(withoutIds(doc));
      expect(md2).toBe(md);
    }
  }, 120_000);
});
