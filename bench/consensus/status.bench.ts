/**
 * How long the consensus model takes on a realistic large report: 1,500 blocks
 * (~75,000 words), 16 commissioners, votes current, stale and disputed.
 *
 * Run: npx tsx bench/consensus/status.bench.ts
 * Budget: a full status computation ≤ 10 ms (the server does one per document load
 * and per export; the editor does incremental ones on every keystroke batch).
 */
import { createHash } from 'node:crypto';
import {
  ConsensusIndex,
  computeConsensus,
  extractBlocks,
  wordDiff,
  type ConsensusRule,
  type UpdateStats,
  type Vote,
} from '@concord/shared/consensus/index';
import { concordSchema } from '@concord/shared/schema/index';

const BLOCKS = 1_500;
const WORDS_PER_PARAGRAPH = 52;
const COMMISSIONERS = Array.from({ length: 16 }, (_, i) => `commissioner-${i + 1}`);
const RULE: ConsensusRule = { kind: 'unanimous' };
const WARMUP = 30;
const RUNS = 300;
/** What the server passes in: native SHA-256, same digests as the pure-JS default. */
const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// Seeded, so every run measures the same document.
let seed = 20_240_601;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const WORDS =
  'the commission recommends that government should increase public investment in housing transport energy and care while protecting wages working time and pensions for all workers regions and future generations'.split(
    ' ',
  );
const sentence = (words: number) => Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ') + '.';

const schema = concordSchema();
/** ProseMirror's Node, named through the schema: bench does not depend on @tiptap/pm directly. */
type PMNode = ReturnType<typeof schema.node>;
let nextId = 0;
const id = () => `b${nextId++}`;
const text = (s: string) => {
  // Some bold and linked words, as a real report has.
  const cut = s.indexOf(' ', 20);
  return [schema.text(s.slice(0, cut), [schema.marks.bold!.create()]), schema.text(s.slice(cut))];
};
const para = (words = WORDS_PER_PARAGRAPH) => schema.nodes.paragraph!.create({ id: id() }, text(sentence(words)));

function buildReport(): PMNode {
  const content: PMNode[] = [];
  let blocks = 0;
  while (blocks < BLOCKS) {
    content.push(schema.nodes.heading!.create({ id: id(), level: 2 }, schema.text(sentence(5))));
    blocks++;
    for (let i = 0; i < 14 && blocks < BLOCKS; i++) {
      const kind = i % 7;
      if (kind === 3 && blocks + 3 <= BLOCKS) {
        const items = [0, 1, 2].map(() => schema.nodes.listItem!.create(null, [para(30)]));
        content.push(schema.nodes.bulletList!.create(null, items));
        blocks += 3;
      } else if (kind === 5) {
        content.push(schema.nodes.blockquote!.create(null, [para()]));
        blocks++;
      } else {
        content.push(para(i % 2 ? WORDS_PER_PARAGRAPH + 20 : WORDS_PER_PARAGRAPH));
        blocks++;
      }
    }
  }
  return schema.nodes.doc!.create(null, content);
}

function buildVotes(doc: PMNode): Map<string, Vote[]> {
  const votes = new Map<string, Vote[]>();
  let at = 1_700_000_000_000;
  for (const block of extractBlocks(doc)) {
    const list: Vote[] = [];
    for (const userId of COMMISSIONERS) {
      const r = random();
      if (r < 0.15) continue; // not voted yet
      if (r < 0.3)
        list.push({ userId, stance: 'agree', fingerprint: 'f'.repeat(64), at: at++ }); // stale
      else if (r < 0.35) list.push({ userId, stance: 'dispute', fingerprint: block.fingerprint, reason: 'too vague', at: at++ });
      else list.push({ userId, stance: 'agree', fingerprint: block.fingerprint, at: at++ });
    }
    votes.set(block.id!, list);
  }
  return votes;
}

/** A copy of `doc` with one top-level paragraph's text changed; every other node is shared, as after a keystroke. */
function editOneParagraph(doc: PMNode, round: number): PMNode {
  const paragraphs: number[] = [];
  doc.forEach((node, _offset, i) => {
    if (node.type.name === 'paragraph') paragraphs.push(i);
  });
  const index = paragraphs[Math.abs(round * 7) % paragraphs.length]!;
  const old = doc.child(index);
  const edited = old.type.create(old.attrs, schema.text(`${old.textContent} ${round}`));
  return doc.copy(doc.content.replaceChild(index, edited));
}

interface Row {
  name: string;
  times: number[];
  stats?: UpdateStats;
}

function measure(name: string, prepare: (round: number) => () => unknown): Row {
  for (let i = 0; i < WARMUP; i++) prepare(-1 - i)();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = prepare(i);
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return { name, times };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (x: number) => x.toFixed(3);

const doc = buildReport();
const json = doc.toJSON();
const votes = buildVotes(doc);
const blocks = extractBlocks(doc);
const words = blocks.reduce((n, b) => n + b.text.split(/\s+/).length, 0);
const voteCount = [...votes.values()].reduce((n, l) => n + l.length, 0);

const rows: Row[] = [];
const native = { sha256: nodeSha256 };
rows.push(measure('extractBlocks (hash every block), pure-JS sha256', () => () => extractBlocks(doc)));
rows.push(measure('extractBlocks (hash every block), node:crypto sha256', () => () => extractBlocks(doc, native)));
rows.push(
  measure('full, cold: computeConsensus, live nodes, pure-JS sha256', () => () => computeConsensus(doc, votes, COMMISSIONERS, RULE)),
);
rows.push(
  measure(
    'full, cold: computeConsensus, live nodes, node:crypto sha256',
    () => () => computeConsensus(doc, votes, COMMISSIONERS, RULE, native),
  ),
);
rows.push(
  measure('full, cold: computeConsensus, JSON, node:crypto sha256', () => () => computeConsensus(json, votes, COMMISSIONERS, RULE, native)),
);
{
  // Every status re-evaluated, fingerprints known: what a membership or rule change costs.
  const index = new ConsensusIndex();
  index.update(doc, votes, COMMISSIONERS, RULE);
  const row = measure('full status re-evaluation (commissioners changed), warm index', (round) => {
    const members = round % 2 === 0 ? COMMISSIONERS.slice(1) : COMMISSIONERS;
    return () => index.update(doc, votes, members, RULE);
  });
  row.stats = { ...index.lastStats };
  rows.push(row);
}

{
  const index = new ConsensusIndex();
  let current = doc;
  index.update(current, votes, COMMISSIONERS, RULE);
  const row = measure('incremental after a one-paragraph edit, live nodes', (round) => {
    current = editOneParagraph(current, round + 1_000);
    const next = current;
    return () => index.update(next, votes, COMMISSIONERS, RULE);
  });
  row.stats = { ...index.lastStats };
  rows.push(row);
}
{
  const index = new ConsensusIndex(native);
  let current = doc;
  index.update(current.toJSON(), votes, COMMISSIONERS, RULE);
  const row = measure('incremental after a one-paragraph edit, JSON (server, node:crypto)', (round) => {
    current = editOneParagraph(current, round + 1_000);
    const next = current.toJSON();
    return () => index.update(next, votes, COMMISSIONERS, RULE);
  });
  row.stats = { ...index.lastStats };
  rows.push(row);
}
{
  const index = new ConsensusIndex();
  index.update(doc, votes, COMMISSIONERS, RULE);
  const target = blocks[700]!;
  const row = measure('incremental after one new vote, live nodes', (round) => {
    const list = [
      ...(votes.get(target.id!) ?? []),
      { userId: COMMISSIONERS[round & 15]!, stance: 'agree' as const, fingerprint: target.fingerprint, at: round },
    ];
    votes.set(target.id!, list);
    return () => index.update(doc, votes, COMMISSIONERS, RULE);
  });
  row.stats = { ...index.lastStats };
  rows.push(row);
}
{
  const before = blocks[2]!.text;
  const after = before.replace(/housing/g, 'social housing').replace(/\.$/, ', starting in 2026.');
  rows.push(measure('wordDiff of one ~50-word paragraph', () => () => wordDiff(before, after)));
}

console.log(
  `\nDocument: ${blocks.length} blocks, ${words.toLocaleString('en')} words, ${COMMISSIONERS.length} commissioners, ${voteCount.toLocaleString('en')} votes; ${RUNS} runs after ${WARMUP} warm-up, Node ${process.version}\n`,
);
console.log('| case | median ms | p95 ms | min ms | recomputed last run (read / hashed / evaluated) |');
console.log('|---|---:|---:|---:|---|');
for (const row of rows) {
  const sorted = [...row.times].sort((a, b) => a - b);
  const stats = row.stats ? `${row.stats.read} / ${row.stats.fingerprinted} / ${row.stats.evaluated}` : '—';
  console.log(`| ${row.name} | ${ms(quantile(sorted, 0.5))} | ${ms(quantile(sorted, 0.95))} | ${ms(sorted[0]!)} | ${stats} |`);
}
