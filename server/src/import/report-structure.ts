/**
 * The structural pass every import makes before sanitising: it turns what
 * Word (via mammoth), Markdown (via markdown-it-footnote) and HTML write for
 * footnotes, figures, tables and recommendations into the one form the shared
 * schema parses:
 *
 * - a footnote reference (`<sup><a href="#n1">1</a></sup>` pointing at a list
 *   item) becomes `<span data-footnote>the note's text</span>` where it is
 *   cited, and the notes list it came from goes;
 * - an image becomes `<figure data-image="<sha256>" data-alt>` with its caption
 *   (`<figcaption>`, or Word's Caption paragraph after it); the bytes come only
 *   from the file itself (a `data:` URI, or the DOCX package): an image named
 *   by an address is never fetched, it is kept as a missing image and reported;
 * - table cells keep inline content only (the table is one block): paragraphs
 *   inside a cell become lines;
 * - Concord's own exported recommendations ("**Recommendation 3.** …") and
 *   recommendation list become recommendations and a list again.
 *
 * htmlparser2 only parses: nothing here runs script or loads anything.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { Element, Text, type AnyNode, type ParentNode } from 'domhandler';
import type { ImportImages } from './import-images.js';
import { settleImportedLinks } from './import-links.js';
import { keepListItemsWhole } from './list-items.js';
import type { DropTally } from './sanitize.js';

export interface StructureCounts {
  /** List items that started with a list, quote or table and were given an empty first line (list-items.ts). */
  listItemsOpened: number;
  footnotes: number;
  tables: number;
  figures: number;
  imagesMissing: number;
  recommendations: number;
}

/** Marks an image mammoth read from the DOCX package (already stored under its hash). */
export const PACKAGE_IMAGE_SCHEME = 'concord-image:';

export function rewriteReportStructure(html: string, images: ImportImages, tally: DropTally): { html: string; counts: StructureCounts } {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const counts: StructureCounts = { listItemsOpened: 0, footnotes: 0, tables: 0, figures: 0, imagesMissing: 0, recommendations: 0 };
  convertFootnotes(dom, counts);
  // After the footnotes: their references are in-page links too.
  settleImportedLinks(dom, tally);
  counts.listItemsOpened = keepListItemsWhole(dom);
  convertFigures(dom, images, tally, counts);
  flattenCells(dom, tally, counts);
  convertRecommendations(dom, counts);
  return { html: render(dom, { encodeEntities: 'utf8' }), counts };
}

const elements = (root: ParentNode, test: (el: Element) => boolean): Element[] => DomUtils.findAll(test, root.children);

// ---------------------------------------------------------------- footnotes

function convertFootnotes(dom: ParentNode, counts: StructureCounts): void {
  const byId = new Map<string, Element>();
  for (const el of elements(dom, (e) => e.attribs.id !== undefined)) if (!byId.has(el.attribs.id!)) byId.set(el.attribs.id!, el);
  const used = new Set<Element>();
  for (const anchor of elements(dom, (e) => e.name === 'a' && /^#./.test(e.attribs.href ?? ''))) {
    const target = byId.get(decodeFragment(anchor.attribs.href!.slice(1)));
    if (!target || target.name !== 'li' || isInside(anchor, target) || !looksLikeReference(anchor)) continue;
    const reference =
      anchor.parent instanceof Element && anchor.parent.name === 'sup' && onlyChild(anchor.parent, anchor) ? anchor.parent : anchor;
    const note = new Element('span', { 'data-footnote': 'true' }, noteContent(target, anchor));
    DomUtils.replaceElement(reference, note);
    used.add(target);
    counts.footnotes++;
  }
  for (const li of used) removeNote(li);
}

/** A reference is short and number-like ("1", "[12]", "*"), or marked as one by its class. */
function looksLikeReference(anchor: Element): boolean {
  const text = DomUtils.textContent(anchor).trim();
  return (
    /^\[?[0-9ivxlcdm*†‡§]{1,6}\]?$/i.test(text) ||
    /footnote|fnref|noteref/i.test(`${anchor.attribs.class ?? ''} ${anchor.attribs.id ?? ''}`)
  );
}

/** The note's inline content: its paragraphs joined by spaces, without back-links. */
function noteContent(li: Element, reference: Element): AnyNode[] {
  // A copy: two references may cite the same note, and each holds its own text.
  const clone = li.cloneNode(true);
  for (const back of elements(clone, (e) => e.name === 'a' && isBackLink(e, reference))) DomUtils.removeElement(back);
  const out: AnyNode[] = [];
  inlineOf(clone, out);
  trimEdges(out);
  return out;
}

function isBackLink(a: Element, reference: Element): boolean {
  const href = a.attribs.href ?? '';
  const refIds = [reference.attribs.id, reference.parent instanceof Element ? reference.parent.attribs.id : undefined].filter(Boolean);
  return (
    refIds.some((id) => href === `#${id}`) ||
    /backref|footnote-back/i.test(a.attribs.class ?? '') ||
    /^#(?:fnref|footnote-ref|endnote-ref)/i.test(href) ||
    /^[↩↑^⏎]\uFE0E?\uFE0F?$/.test(DomUtils.textContent(a).trim())
  );
}

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'blockquote',
  'section',
  'table',
  'tr',
  'figure',
  'figcaption',
  'header',
  'footer',
  'article',
  'aside',
  'main',
  'pre',
]);

/** Appends the inline content of `node`, each block boundary becoming one space. */
function inlineOf(node: ParentNode, out: AnyNode[], blockSeparator: () => AnyNode = () => new Text(' ')): void {
  for (const child of [...node.children]) {
    if (child instanceof Element && BLOCK_TAGS.has(child.name)) {
      if (out.length > 0) out.push(blockSeparator());
      inlineOf(child, out, blockSeparator);
    } else if (child instanceof Element && (child.name === 'td' || child.name === 'th')) {
      if (out.length > 0) out.push(new Text(' '));
      inlineOf(child, out, blockSeparator);
    } else {
      out.push(child);
    }
  }
}

function trimEdges(nodes: AnyNode[]): void {
  const first = nodes[0];
  if (first instanceof Text) first.data = first.data.replace(/^\s+/, '');
  const last = nodes[nodes.length - 1];
  if (last instanceof Text) last.data = last.data.replace(/\s+$/, '');
}

/** Removes a used note; then its list if empty, and a notes section (with its separator) left with nothing else. */
function removeNote(li: Element): void {
  const list = li.parent;
  DomUtils.removeElement(li);
  if (!(list instanceof Element) || list.children.some((c) => c instanceof Element)) return;
  const section = list.parent;
  DomUtils.removeElement(list);
  if (
    section instanceof Element &&
    /footnotes|endnotes/i.test(section.attribs.class ?? '') &&
    !section.children.some((c) => c instanceof Element && !/^h[1-6]$/.test(c.name))
  ) {
    const before = DomUtils.prevElementSibling(section);
    if (before?.name === 'hr') DomUtils.removeElement(before);
    DomUtils.removeElement(section);
  }
}

// ------------------------------------------------------------------ figures

function convertFigures(dom: ParentNode, images: ImportImages, tally: DropTally, counts: StructureCounts): void {
  for (const img of elements(dom, (e) => e.name === 'img')) {
    if (!img.parent) continue; // removed with an earlier figure
    for (const name of Object.keys(img.attribs)) {
      if (/^on/i.test(name)) tally.add('event handler attribute (removed)', `<img ${name}="${img.attribs[name]}">`);
    }
    const hash = resolveImage(img.attribs.src ?? '', images, tally);
    if (hash === null) counts.imagesMissing++;
    const alt = (img.attribs.alt ?? '').trim();
    const attribs: Record<string, string> = { ...(hash ? { 'data-image': hash } : {}), ...(alt ? { 'data-alt': alt } : {}) };
    counts.figures++;

    const figure = closest(img, 'figure');
    if (figure) {
      const caption = elements(figure, (e) => e.name === 'figcaption')[0];
      const replacement = new Element('figure', attribs, caption ? [caption] : []);
      // Whatever else the figure holds (text beside the image, another image) follows it, rather than vanishing.
      const rest = besidesImageAndCaption(figure, img, caption);
      DomUtils.replaceElement(figure, replacement);
      for (const node of rest.reverse()) DomUtils.append(replacement, node);
      continue;
    }
    const paragraph = img.parent instanceof Element && img.parent.name === 'p' && onlyContent(img.parent, img) ? img.parent : null;
    const caption = paragraph ? captionAfter(paragraph) : null;
    const replacement = new Element('figure', attribs, caption ? [new Element('figcaption', {}, [...caption.children])] : []);
    if (caption) DomUtils.removeElement(caption);
    if (paragraph) {
      DomUtils.replaceElement(paragraph, replacement);
      continue;
    }
    // An image inside running text: the figure goes after that paragraph, so the text stays whole.
    const block = closestOf(img, TEXT_BLOCKS);
    if (block && !closestOf(img, CELLS)) {
      DomUtils.removeElement(img);
      DomUtils.append(block, replacement);
    } else {
      DomUtils.replaceElement(img, replacement);
    }
  }
}

/** A figure's children other than its caption and the image being converted (taken out of the figure), if they hold anything. */
function besidesImageAndCaption(figure: Element, img: Element, caption: Element | undefined): AnyNode[] {
  DomUtils.removeElement(img);
  return [...figure.children].filter(
    (c) =>
      c !== caption &&
      (DomUtils.textContent(c).trim() !== '' ||
        (c instanceof Element && (c.name === 'img' || elements(c, (e) => e.name === 'img').length > 0))),
  );
}

/** The sha256 of the image's bytes, stored for the new document; null when the file does not hold them. */
function resolveImage(src: string, images: ImportImages, tally: DropTally): string | null {
  if (src.startsWith(PACKAGE_IMAGE_SCHEME))
    return images.has(src.slice(PACKAGE_IMAGE_SCHEME.length)) ? src.slice(PACKAGE_IMAGE_SCHEME.length) : null;
  const data = /^data:([^;,]*)(;base64)?,(.*)$/is.exec(src.trim());
  if (data) {
    if (!data[2]) {
      tally.add('image in an unsupported encoding (kept as a missing image)', src.slice(0, 60));
      return null;
    }
    return images.addUntrusted(Buffer.from(data[3]!.replace(/\s+/g, ''), 'base64'), `data:${data[1]}`);
  }
  tally.add('image file referenced by address (not fetched; kept as a missing image)', src === '' ? '(no address)' : src);
  return null;
}

function captionAfter(paragraph: Element): Element | null {
  const next = DomUtils.nextElementSibling(paragraph);
  return next && next.name === 'p' && /\bcaption\b/i.test(next.attribs.class ?? '') ? next : null;
}

// ------------------------------------------------------------------- tables

function flattenCells(dom: ParentNode, tally: DropTally, counts: StructureCounts): void {
  for (const table of elements(dom, (e) => e.name === 'table')) if (!closestAbove(table, 'table')) counts.tables++;
  for (const cell of elements(dom, (e) => (e.name === 'td' || e.name === 'th') && !closestAbove(e, 'td') && !closestAbove(e, 'th'))) {
    if (!cell.children.some((c) => c instanceof Element && (BLOCK_TAGS.has(c.name) || c.name === 'figure'))) continue;
    if (elements(cell, (e) => e.name === 'table').length > 0) tally.add('table inside a table cell (flattened to text)', '<table>');
    if (elements(cell, (e) => e.name === 'figure').length > 0) tally.add('image inside a table cell', '<img>');
    for (const figure of elements(cell, (e) => e.name === 'figure')) DomUtils.removeElement(figure);
    const out: AnyNode[] = [];
    inlineOf(cell, out, () => new Element('br', {}));
    trimEdges(out);
    cell.children = [];
    for (const node of out) DomUtils.appendChild(cell, node);
  }
}

// ---------------------------------------------------------- recommendations

const EXPORTED_LABEL = /^Recommendation \d+\.$/;

function convertRecommendations(dom: ParentNode, counts: StructureCounts): void {
  for (const p of elements(dom, (e) => e.name === 'p')) {
    const first = p.children.find((c) => !(c instanceof Text && c.data.trim() === ''));
    const labelled =
      first instanceof Element &&
      (first.name === 'strong' || first.name === 'b') &&
      EXPORTED_LABEL.test(DomUtils.textContent(first).trim());
    if (!labelled && !/\brecommendation\b/.test(p.attribs.class ?? '') && p.attribs['data-recommendation'] !== 'true') continue;
    if (labelled) {
      const after = first.next;
      DomUtils.removeElement(first);
      if (after instanceof Text) after.data = after.data.replace(/^\s+/, '');
    }
    p.attribs['data-recommendation'] = 'true';
    counts.recommendations++;
  }
  for (const nav of elements(
    dom,
    (e) => /\brecommendation-list\b/.test(e.attribs.class ?? '') || e.attribs['data-recommendation-list'] !== undefined,
  )) {
    DomUtils.replaceElement(nav, new Element('div', { 'data-recommendation-list': 'true' }));
  }
}

// ------------------------------------------------------------------ helpers

function onlyChild(parent: Element, child: Element): boolean {
  return parent.children.every((c) => c === child || (c instanceof Text && c.data.trim() === ''));
}

function onlyContent(parent: Element, child: Element): boolean {
  return parent.children.every(
    (c) => c === child || (c instanceof Text && c.data.trim() === '') || (c instanceof Element && c.name === 'br'),
  );
}

function isInside(node: AnyNode, ancestor: Element): boolean {
  for (let at = node.parent; at; at = at.parent) if (at === ancestor) return true;
  return false;
}

function closest(node: AnyNode, name: string): Element | null {
  for (let at = node.parent; at; at = at.parent) if (at instanceof Element && at.name === name) return at;
  return null;
}

const TEXT_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const CELLS = new Set(['td', 'th']);

function closestOf(node: AnyNode, names: ReadonlySet<string>): Element | null {
  for (let at = node.parent; at; at = at.parent) if (at instanceof Element && names.has(at.name)) return at;
  return null;
}

function closestAbove(node: Element, name: string): Element | null {
  return closest(node, name);
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
