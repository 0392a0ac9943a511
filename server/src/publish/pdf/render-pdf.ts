/**
 * PDF export (pdfkit): a title page, headings (also as PDF bookmarks),
 * paragraphs with bold, italic, underline, strike-through and links, lists,
 * quotes, tables with a header row, figures with captions, numbered
 * recommendations and their generated list, the notes as numbered endnotes,
 * the consensus record when asked for, and page numbers; fonts embedded.
 *
 * Reproducible: the creation and modification dates are the export's
 * `generatedAt` (never the clock), and pdfkit derives the file identifier from
 * them, so the same document state and options give the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { AgreementNode, BlockLeafNode, BlockNode, FigureNode, ListItemNode, TableNode, PreparedExport } from '@concord/shared';
import { blockState, STATUS_LABEL } from '@concord/shared';
import { recommendationLabel } from '@concord/shared/export/numbering';
import { recommendationListBlocks } from '@concord/shared/export/recommendation-list';
import { recordBlocks } from '@concord/shared/export/record-blocks';
import { describeScope } from '@concord/shared/export/record';
import { cleanText, formatTimestamp, inlinePlainText } from '@concord/shared/export/text';
import { missingImageText } from '@concord/shared/export/images';
import type { PdfFonts } from './pdf-fonts.js';
import { drawTable } from './pdf-table.js';
import { fontFor, inlineRuns, setSlantedCoverage, writeRuns, type Run, type RunStyle } from './pdf-runs.js';

export const PDF_MEDIA_TYPE = 'application/pdf';
const FALLBACK_TIME = '2000-01-01T00:00:00Z';
const MARGIN = { top: 64, bottom: 64, left: 62, right: 62 };
const BODY = 10.5;
const HEADING_SIZE = [20, 15.5, 13, 11.5, 11, 10.5];
const MUTED = '#5c6370';
const STATUS_COLOR = { agreed: '#1c6831', in_review: '#7d5200', disputed: '#9f1f17', unreviewed: '#474f5c' } as const;
const INDENT = 16;

interface Place {
  depth: number;
  quote: number;
  /** The marker of the list item this paragraph opens ("•", "3."). */
  marker?: string;
}

class PdfWriter {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly p: PreparedExport,
  ) {}

  private get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  blocks(nodes: readonly BlockNode[], place: Place): void {
    for (const node of nodes) this.block(node, place);
  }

  private block(node: BlockNode, place: Place): void {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        return this.leaf(node, place);
      case 'table':
        this.table(node);
        return this.statusLine(node, place);
      case 'figure':
        this.figure(node);
        return this.statusLine(node, place);
      case 'recommendationList':
        return this.block(recommendationListBlocks(this.p.numbering), place);
      case 'blockquote':
        return this.blocks(node.content, { depth: place.depth, quote: place.quote + 1 });
      case 'bulletList':
        return this.list(node.content, () => '•', place);
      case 'orderedList': {
        const start = Math.max(0, Math.floor(node.attrs.start ?? 1));
        return this.list(node.content, (i) => `${start + i}.`, place);
      }
    }
  }

  private list(items: readonly ListItemNode[], marker: (i: number) => string, place: Place): void {
    items.forEach((item, i) =>
      item.content.forEach((child, j) =>
        this.block(child, { depth: place.depth + 1, quote: place.quote, ...(j === 0 ? { marker: marker(i) } : {}) }),
      ),
    );
  }

  private leaf(node: BlockLeafNode, place: Place): void {
    const x = MARGIN.left + (place.depth + place.quote) * INDENT + (place.depth > 0 ? INDENT : 0);
    const width = this.doc.page.width - MARGIN.right - x;
    if (node.type === 'heading') {
      const level = Math.min(6, Math.max(1, Math.floor(node.attrs.level) || 1));
      const size = HEADING_SIZE[level - 1]!;
      // No heading alone at the foot of a page.
      if (this.doc.y > this.doc.page.height - MARGIN.bottom - size * 5) this.doc.addPage();
      this.doc.moveDown(level <= 2 ? 0.9 : 0.6);
      this.doc.outline.addItem(cleanText(inlinePlainText(node.content)).slice(0, 200) || ' ');
      writeRuns(this.doc, [...inlineRuns(node.content, { font: 'bold', size }, this.p.numbering), ...this.status(node)], { x, width });
      this.doc.moveDown(0.35);
      return;
    }
    const style: RunStyle = { font: fontFor(false, place.quote > 0), size: BODY, ...(place.quote > 0 ? { color: '#3d4148' } : {}) };
    const number = this.p.numbering.recommendationNumber.get(node);
    if (number !== undefined)
      writeRuns(this.doc, [{ text: recommendationLabel(number), font: 'bold', size: BODY, color: '#2f5d8a' }], { x, width });
    const runs: Run[] = [...inlineRuns(node.content, style, this.p.numbering), ...this.status(node)];
    if (place.marker !== undefined) runs.unshift({ text: `${place.marker}  `, font: 'regular', size: BODY });
    if (runs.length === 0) this.doc.moveDown(0.5);
    else writeRuns(this.doc, runs, { x, width, ...(place.marker !== undefined ? { indent: -INDENT } : {}) });
    this.doc.moveDown(place.depth > 0 ? 0.25 : 0.55);
  }

  /** Draft scope: the block's status as a small coloured label. */
  private status(node: AgreementNode): Run[] {
    if (!this.p.markStatus || node.attrs.id === null) return [];
    const state = blockState(this.p.blocks, node.attrs.id);
    const label = `${STATUS_LABEL[state.status]}${state.stale ? ' · stale' : ''}`.toUpperCase();
    return [{ text: `  [${label}]`, font: 'regular', size: 7, color: STATUS_COLOR[state.status] }];
  }

  private statusLine(node: AgreementNode, place: Place): void {
    const runs = this.status(node);
    if (runs.length > 0) writeRuns(this.doc, runs, { x: MARGIN.left + place.depth * INDENT, width: this.width });
    this.doc.moveDown(0.4);
  }

  /** The cells' text with their note numbers in brackets (one font per cell; a row span counts as one row). */
  private table(node: TableNode): void {
    const rows = node.content.filter((row) => (row.content ?? []).length > 0);
    if (rows.length === 0) return;
    const cellText = (content: Parameters<typeof inlineRuns>[0]) =>
      inlineRuns(content, { font: 'regular', size: 9 }, this.p.numbering)
        .map((r) => (r.raise !== undefined ? `[${r.text}]` : r.text))
        .join('');
    this.doc.moveDown(0.3);
    drawTable(
      this.doc,
      rows.map((row) =>
        (row.content ?? []).map((cell) => ({
          text: cellText(cell.content),
          header: cell.type === 'tableHeader',
          colspan: Math.max(1, Math.floor(cell.attrs.colspan) || 1),
        })),
      ),
      { x: MARGIN.left, width: this.width, top: MARGIN.top, bottom: this.doc.page.height - MARGIN.bottom },
    );
    this.doc.x = MARGIN.left;
    this.doc.moveDown(0.5);
  }

  /** PNG and JPEG are drawn (scaled to the text width, at most half a page high); WebP and missing images as a note. */
  private figure(node: FigureNode): void {
    const image = node.attrs.image === null ? undefined : this.p.images.get(node.attrs.image);
    this.doc.moveDown(0.3);
    if (image && image.mediaType !== 'image/webp') {
      const maxHeight = (this.doc.page.height - MARGIN.top - MARGIN.bottom) / 2;
      if (this.doc.y + maxHeight > this.doc.page.height - MARGIN.bottom) this.doc.addPage();
      this.doc.image(Buffer.from(image.bytes), MARGIN.left, this.doc.y, { fit: [this.width, maxHeight], align: 'center' });
      this.doc.x = MARGIN.left;
    } else {
      const text =
        image?.mediaType === 'image/webp'
          ? `[WebP image not embedded${node.attrs.alt === '' ? '' : `: ${node.attrs.alt}`}]`
          : missingImageText(node.attrs.alt);
      writeRuns(this.doc, [{ text, font: 'italic', size: BODY, color: MUTED }], { x: MARGIN.left, width: this.width, align: 'center' });
    }
    const caption = inlineRuns(node.content, { font: 'italic', size: 9, color: '#3d4148' }, this.p.numbering);
    if (caption.length > 0) {
      this.doc.moveDown(0.3);
      writeRuns(this.doc, caption, { x: MARGIN.left, width: this.width, align: 'center' });
    }
    this.doc.moveDown(0.5);
  }

  /** The notes, numbered as cited, after the text (endnotes). */
  notes(): void {
    if (this.p.numbering.notes.length === 0) return;
    this.heading('Notes');
    for (const { number, node } of this.p.numbering.notes) {
      const runs = inlineRuns(node.content, { font: 'regular', size: 9 }, this.p.numbering);
      writeRuns(this.doc, [{ text: `${number}.  `, font: 'bold', size: 9 }, ...runs], {
        x: MARGIN.left + INDENT,
        width: this.width - INDENT,
        indent: -INDENT,
      });
      this.doc.moveDown(0.3);
    }
  }

  heading(text: string): void {
    this.leaf({ type: 'heading', attrs: { id: null, level: 2 }, content: [{ type: 'text', text }] }, { depth: 0, quote: 0 });
  }
}

export function renderPdf(p: PreparedExport, fonts: PdfFonts): Promise<Uint8Array> {
  const parsed = Date.parse(p.generatedAt ?? '');
  const at = new Date(Number.isFinite(parsed) ? parsed : Date.parse(FALLBACK_TIME));
  const meta = `${describeScope(p.scope)}${p.generatedAt ? ` Generated ${formatTimestamp(p.generatedAt)}.` : ''}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    displayTitle: true,
    // No default font: only the embedded DejaVu Sans is ever used.
    font: null as unknown as string,
    info: { Title: p.title, Subject: meta, Creator: 'Concord', Producer: 'Concord', CreationDate: at, ModDate: at },
  });
  doc.registerFont('regular', Buffer.from(fonts.regular));
  doc.registerFont('bold', Buffer.from(fonts.bold));
  doc.registerFont('italic', Buffer.from(fonts.italic));
  doc.registerFont('boldItalic', Buffer.from(fonts.boldItalic));
  setSlantedCoverage(doc, fonts.slantedCovers);
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  // Title page.
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  doc.y = doc.page.height * 0.3;
  writeRuns(doc, [{ text: p.title, font: 'bold', size: 26 }], { x: MARGIN.left, width, lineGap: 4 });
  doc.moveDown(1);
  writeRuns(doc, [{ text: meta, font: 'regular', size: 10, color: MUTED }], { x: MARGIN.left, width });
  doc.addPage();

  const writer = new PdfWriter(doc, p);
  writer.blocks(p.doc.content, { depth: 0, quote: 0 });
  writer.notes();
  if (p.record) {
    doc.addPage();
    writer.blocks(recordBlocks(p.record, p.rule, p.markStatus), { depth: 0, quote: 0 });
  }
  numberPages(doc, p.title);
  doc.end();
  return done;
}

/** "Title · 3" at the foot of every page but the title page. */
function numberPages(doc: PDFKit.PDFDocument, title: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start + 1; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${title.slice(0, 80)} · ${i - start}`, MARGIN.left, doc.page.height - bottom / 2 - 4, {
        width: doc.page.width - MARGIN.left - MARGIN.right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
