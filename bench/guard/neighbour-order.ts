/**
 * What the neighbour-order check (server/src/sync/neighbour-order.ts) costs per
 * update on the steady bench's typing: the 150-page report, 20 writers each
 * typing one character at a time in the middle of its own paragraph (as
 * lib/typing.ts does), their updates reaching the server's document
 * interleaved. For each update: items the check walked (a counter, the cost
 * that must not grow with the document) and the time of the check alone, of
 * the whole guard (decode, references, cycles, order, nesting) and of Yjs
 * applying it.
 *
 * Run: pnpm -C bench neighbour-order [--keystrokes N]
 */
import * as Y from 'yjs';
import { replaceDocContent } from '@concord/shared';
import { checkUpdate } from '@concord/server/sync/update-guard';
import { checkNeighbourOrder } from '@concord/server/sync/neighbour-order';
import { benchReport } from '../lib/report.js';
import { STEADY } from '../lib/session.js';

const arg = process.argv.indexOf('--keystrokes');
const KEYSTROKES = arg >= 0 ? Number(process.argv[arg + 1]) : 20_000;
const KEYS = 'etaoin shrdlu cmfwyp vbgkqj xz ,.';

const seedDoc = new Y.Doc();
seedDoc.clientID = 1;
replaceDocContent(seedDoc, benchReport(150, 1).json);
const seed = Y.encodeStateAsUpdate(seedDoc);
const server = new Y.Doc();
Y.applyUpdate(server, seed);

const writers = Array.from({ length: STEADY.writers }, (_, i) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seed);
  const paragraphs = doc
    .getXmlFragment('default')
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph' && n.get(0) instanceof Y.XmlText);
  const text = paragraphs[(i * 37) % paragraphs.length]!.get(0) as Y.XmlText;
  return { doc, text, cursor: Math.floor(text.length / 2) };
});

const steps: number[] = [];
const orderUs: number[] = [];
const guardUs: number[] = [];
const applyUs: number[] = [];
let s = 12_345;
const rand = () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
for (let k = 0; k < KEYSTROKES; k++) {
  const w = writers[Math.floor(rand() * writers.length)]!;
  const before = Y.encodeStateVector(w.doc);
  w.text.insert(w.cursor++, KEYS[Math.floor(rand() * KEYS.length)]!);
  const update = Y.encodeStateAsUpdate(w.doc, before);

  let t = performance.now();
  const structs = checkUpdate(server, update);
  guardUs.push((performance.now() - t) * 1000);
  t = performance.now();
  steps.push(checkNeighbourOrder(server, structs, Infinity));
  orderUs.push((performance.now() - t) * 1000);
  t = performance.now();
  Y.applyUpdate(server, update);
  applyUs.push((performance.now() - t) * 1000);
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const row = (name: string, xs: number[]) =>
  `${name.padEnd(34)} p50 ${quantile(xs, 0.5).toFixed(1).padStart(6)} µs  p99 ${quantile(xs, 0.99).toFixed(1).padStart(6)} µs  max ${Math.max(
    ...xs,
  )
    .toFixed(0)
    .padStart(5)} µs`;
// The first quarter is warm-up (the JIT), left out of the times.
const warm = (xs: number[]) => xs.slice(Math.floor(xs.length / 4));
console.log(`neighbour order on the steady bench's typing: ${KEYSTROKES} keystrokes by ${STEADY.writers} writers, 150-page report`);
console.log(`items walked per update: max ${Math.max(...steps)}, total ${steps.reduce((a, b) => a + b, 0)}`);
console.log(row('neighbour-order check alone', warm(orderUs)));
console.log(row('whole guard (checkUpdate), incl. it', warm(guardUs)));
console.log(row('Y.applyUpdate', warm(applyUs)));
