/**
 * The preloaded document of every scenario: a seeded, realistic 150-page
 * commission report (~75,000 words, ~1,500 blocks) as ProseMirror JSON in
 * Concord's schema — chapters, sections, long paragraphs with marks and links,
 * bullet lists, numbered recommendations and quotes, every block with an id.
 *
 * Uses `generateReport` from @concord/shared when that exists (another issue
 * owns it); until then, the seeded generator below.
 */
import * as shared from '@concord/shared/fixtures/index';

export type PMJson = Record<string, unknown>;

export interface ReportStats {
  blocks: number;
  words: number;
  source: 'shared generateReport' | 'bench generator';
}

type SharedGenerator = (options: { pages: number; seed: number }) => PMJson | { doc: PMJson };

export function benchReport(pages = 150, seed = 1): { json: PMJson; stats: ReportStats } {
  const fromShared = (shared as unknown as Record<string, unknown>).generateReport as SharedGenerator | undefined;
  if (typeof fromShared === 'function') {
    const out = fromShared({ pages, seed });
    const json = 'doc' in out && typeof out.doc === 'object' ? (out.doc as PMJson) : (out as PMJson);
    return { json, stats: { ...countBlocks(json), source: 'shared generateReport' } };
  }
  const json = generate(pages, seed);
  return { json, stats: { ...countBlocks(json), source: 'bench generator' } };
}

const VOCAB = (
  'the commission recommends that government should increase public investment in housing transport energy and care while ' +
  'protecting wages working time pensions for all workers regions future generations evidence shows rents rose faster than ' +
  'incomes since local authorities lack powers funding staff this report finds pollsters found majority support among ' +
  'respondents trade unions employers agreed disagreed on pace scope timing of reform members heard testimony from tenants ' +
  'nurses drivers teachers engineers small businesses councils about costs risks benefits within next parliament budget'
).split(' ');

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(pages: number, seed: number): PMJson {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let nextId = 0;
  const id = () => `bench-${seed}-${nextId++}`;
  const words = (n: number) => Array.from({ length: n }, () => pick(VOCAB)).join(' ');
  const sentence = (n: number) => {
    const s = words(n);
    return s[0]!.toUpperCase() + s.slice(1) + '.';
  };
  const text = (t: string, marks?: PMJson[]) => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t });
  const richParagraph = (wordCount: number): PMJson => {
    const parts: PMJson[] = [];
    let left = wordCount;
    while (left > 0) {
      const n = Math.min(left, 8 + Math.floor(rand() * 14));
      left -= n;
      const r = rand();
      const s = sentence(n) + ' ';
      if (r < 0.06) parts.push(text(s, [{ type: 'bold' }]));
      else if (r < 0.1) parts.push(text(s, [{ type: 'italic' }]));
      else if (r < 0.12) parts.push(text(s, [{ type: 'link', attrs: { href: `https://example.org/evidence/${nextId}` } }]));
      else parts.push(text(s));
    }
    return { type: 'paragraph', attrs: { id: id() }, content: parts };
  };
  const heading = (level: number, t: string): PMJson => ({ type: 'heading', attrs: { id: id(), level }, content: [text(t)] });
  const listItem = (wordCount: number): PMJson => ({ type: 'listItem', content: [richParagraph(wordCount)] });

  // ~500 words and ~10 blocks per page.
  const chapters = Math.max(1, Math.round(pages / 12));
  const blocksTarget = pages * 10;
  const blocksPerChapter = Math.ceil(blocksTarget / chapters);
  const content: PMJson[] = [];
  let recommendation = 1;
  for (let c = 1; c <= chapters; c++) {
    let blocks = 0;
    content.push(heading(1, `${c}. ${sentence(4).slice(0, -1)}`));
    content.push(richParagraph(60));
    blocks += 2;
    for (let s = 1; blocks < blocksPerChapter; s++) {
      content.push(heading(2, `${c}.${s} ${sentence(5).slice(0, -1)}`));
      blocks++;
      for (let i = 0; i < 12 && blocks < blocksPerChapter; i++) {
        const r = rand();
        if (r < 0.1) {
          const items = 3 + Math.floor(rand() * 3);
          content.push({ type: 'bulletList', content: Array.from({ length: items }, () => listItem(25)) });
          blocks += items;
        } else if (r < 0.16) {
          const items = 2 + Math.floor(rand() * 3);
          content.push({
            type: 'orderedList',
            attrs: { start: recommendation, type: null },
            content: Array.from({ length: items }, () => listItem(35)),
          });
          recommendation += items;
          blocks += items;
        } else if (r < 0.2) {
          content.push({ type: 'blockquote', content: [richParagraph(45)] });
          blocks++;
        } else {
          content.push(richParagraph(56 + Math.floor(rand() * 34)));
          blocks++;
        }
      }
    }
  }
  return { type: 'doc', content };
}

function countBlocks(json: PMJson): { blocks: number; words: number } {
  let blocks = 0;
  let words = 0;
  const walk = (node: PMJson) => {
    if (node.type === 'paragraph' || node.type === 'heading') blocks++;
    if (typeof node.text === 'string') words += node.text.split(/\s+/).filter(Boolean).length;
    const children = node.content as PMJson[] | undefined;
    if (Array.isArray(children)) children.forEach(walk);
  };
  walk(json);
  return { blocks, words };
}
