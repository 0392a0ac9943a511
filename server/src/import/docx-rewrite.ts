/**
 * Word markup mammoth skips without a word, rewritten before it reads the
 * package so that the text survives (found against third-party files: 442 of
 * 9,165 words of one Arabic report were in right-to-left runs and vanished,
 * and two files holding only such text were refused as empty):
 *
 * - `w:dir` / `w:bdo` (right-to-left and bidi-override runs) and `w:fldSimple`
 *   (mail-merge fields, caption numbers: the field's shown result) are
 *   unwrapped, their runs kept;
 * - ruby: the base text, then the annotation in brackets;
 * - equations (`m:oMath`, `m:oMathPara`): their text as one plain run (the
 *   layout is lost, and reported);
 * - text boxes and shapes drawn with DrawingML (`wps:txbx`) and no VML
 *   fallback: their paragraphs are written as the VML text box mammoth reads.
 *
 * The XML is rewritten as text with balanced-tag scanning; nothing is
 * evaluated. A package with none of these is passed on untouched.
 */
import { unzipSync, zipSync, strFromU8, strToU8, type Zippable } from 'fflate';
import type { DropTally } from './sanitize.js';

const NEEDS_REWRITE = /<w:(?:dir|bdo|fldSimple|ruby)[\s>/]|<m:oMath|<w:txbxContent[\s>]/;

export function rewriteDocxMarkup(bytes: Uint8Array, tally: DropTally): Uint8Array {
  const files = unzipSync(bytes);
  let changed = false;
  for (const [name, data] of Object.entries(files)) {
    if (!/\.xml$/i.test(name) || name.startsWith('[') || name.includes('_rels/')) continue;
    const xml = strFromU8(data);
    if (!NEEDS_REWRITE.test(xml)) continue;
    const rewritten = rewritePart(xml, tally);
    if (rewritten === xml) continue;
    files[name] = strToU8(rewritten);
    changed = true;
  }
  if (!changed) return bytes;
  // Stored, not deflated: mammoth reads it at once, and deflating again would only cost time.
  return zipSync(files as Zippable, { level: 0 });
}

/** Exported for tests: one XML part rewritten. */
export function rewritePart(xml: string, tally: DropTally): string {
  let out = xml;
  // Right-to-left and bidi-override runs, simple fields: keep what they wrap.
  out = out.replace(/<w:fldSimple\b[^>]*\/>/g, () => {
    tally.add('Word field with no shown result (left out)', '<w:fldSimple/>');
    return '';
  });
  out = out.replace(/<\/?w:(?:dir|bdo|fldSimple)(?:\s[^>]*)?>/g, '');
  out = out.replace(/<w:ruby>([\s\S]*?)<\/w:ruby>/g, (_, inner: string) => {
    const base = /<w:rubyBase>([\s\S]*?)<\/w:rubyBase>/.exec(inner)?.[1] ?? '';
    const annotation = /<w:rt>([\s\S]*?)<\/w:rt>/.exec(inner)?.[1] ?? '';
    tally.add('ruby annotation (kept in brackets after its text)', plainText(annotation));
    return annotation ? `${base}${run('(')}${annotation}${run(')')}` : base;
  });
  out = out.replace(/<m:oMathPara\b[^>]*>[\s\S]*?<\/m:oMathPara>|<m:oMath\b[^>]*>[\s\S]*?<\/m:oMath>/g, (math) => {
    const text = [...math.matchAll(/<m:t(?:\s[^>]*)?>([^<]*)<\/m:t>/g)].map((m) => m[1]).join('');
    tally.add('equation (kept as plain text; its layout is lost)', decodeXml(text));
    return text ? run(text, true) : '';
  });
  if (out.includes('<w:txbxContent')) out = textBoxesAsVml(out, tally);
  return out;
}

/** A run of text; `raw` when the text is already XML-escaped. */
function run(text: string, raw = false): string {
  return `<w:r><w:t xml:space="preserve">${raw ? text : escapeXml(text)}</w:t></w:r>`;
}

/**
 * Each DrawingML drawing holding text boxes, outside an `mc:Choice` (mammoth
 * reads the `mc:Fallback` instead, which carries the same text as VML), is
 * followed by a VML text box with the same paragraphs.
 */
function textBoxesAsVml(xml: string, tally: DropTally): string {
  const choices = elementRanges(xml, 'mc:Choice');
  const inChoice = (at: number) => choices.some(([s, e]) => at >= s && at < e);
  const edits: { at: number; insert: string }[] = [];
  for (const [start, end] of elementRanges(xml, 'w:drawing')) {
    if (inChoice(start)) continue;
    const drawing = xml.slice(start, end);
    const boxes = elementRanges(drawing, 'w:txbxContent').map(([s, e]) => drawing.slice(s, e));
    if (boxes.length === 0) continue;
    tally.add('text box or shape (its text kept as paragraphs; its position is lost)', plainText(boxes[0]!));
    edits.push({ at: end, insert: boxes.map((b) => `<w:pict><v:shape><v:textbox>${b}</v:textbox></v:shape></w:pict>`).join('') });
  }
  let out = xml;
  for (const { at, insert } of edits.reverse()) out = out.slice(0, at) + insert + out.slice(at);
  // VML needs its namespace on the root for mammoth's XML reader.
  if (edits.length > 0 && !/xmlns:v=/.test(out.slice(0, 2000)))
    out = out.replace(/<(w:(?:document|footnotes|endnotes|hdr|ftr|comments))(\s|>)/, '<$1 xmlns:v="urn:schemas-microsoft-com:vml"$2');
  return out;
}

/** [start, end) of each outermost `<tag …>…</tag>` (or `<tag/>`), nesting counted. */
function elementRanges(xml: string, tag: string): [number, number][] {
  const ranges: [number, number][] = [];
  const pattern = new RegExp(`<(/?)${tag.replace(':', '\\:')}(?=[\\s>/])[^>]*?(/?)>`, 'g');
  let depth = 0;
  let start = 0;
  for (const m of xml.matchAll(pattern)) {
    const closing = m[1] === '/';
    const selfClosing = m[2] === '/';
    if (selfClosing) {
      if (depth === 0) ranges.push([m.index, m.index + m[0].length]);
    } else if (!closing) {
      if (depth++ === 0) start = m.index;
    } else if (depth > 0 && --depth === 0) {
      ranges.push([start, m.index + m[0].length]);
    }
  }
  return ranges;
}

function plainText(xml: string): string {
  return decodeXml(xml.replace(/<[^>]*>/g, '')).slice(0, 80);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
