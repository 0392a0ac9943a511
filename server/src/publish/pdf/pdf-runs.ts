/**
 * Inline content as runs of PDF text: fonts for bold and italic, underline,
 * strike-through, links, and footnote numbers raised as superscripts. A run
 * list is written as one paragraph with pdfkit's `continued` text, which wraps
 * runs of different fonts and sizes on shared lines.
 */
import type PDFDocument from 'pdfkit';
import type { InlineNode } from '@concord/shared';
import { effectiveMarks } from '@concord/shared/export/inline-walk';
import { cleanText } from '@concord/shared/export/text';
import { safeHref, type Numbering } from '@concord/shared';

export type FontName = 'regular' | 'bold' | 'italic' | 'boldItalic';

export interface Run {
  text: string;
  font: FontName;
  size: number;
  color?: string;
  underline?: boolean;
  strike?: boolean;
  link?: string;
  /** Superscript: how far (pt) the run's baseline sits above the line's. */
  raise?: number;
}

export interface RunStyle {
  font: FontName;
  size: number;
  color?: string;
}

export const INK = '#1f2328';
/** Ascender of DejaVu Sans in thousandths of the font size (pdfkit places text by the top of its line). */
const ASCENDER = 928.2;

export function fontFor(bold: boolean, italic: boolean): FontName {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}

/** Runs for inline content; footnotes become raised numbers (a note without text is a visible broken reference). */
export function inlineRuns(content: readonly InlineNode[] | undefined, style: RunStyle, numbering: Numbering): Run[] {
  const runs: Run[] = [];
  const baseBold = style.font === 'bold' || style.font === 'boldItalic';
  const baseItalic = style.font === 'italic' || style.font === 'boldItalic';
  for (const node of content ?? []) {
    const marks = effectiveMarks(node.marks);
    const has = (type: string) => marks.some((m) => m.type === type);
    const link = marks.find((m) => m.type === 'link');
    const href = link && link.type === 'link' ? safeHref(link.attrs.href) : null;
    const base: Run = {
      text: '',
      font: fontFor(baseBold || has('bold'), baseItalic || has('italic')),
      size: style.size,
      ...(style.color ? { color: style.color } : {}),
      ...(has('underline') ? { underline: true } : {}),
      ...(has('strike') ? { strike: true } : {}),
      ...(href ? { link: href } : {}),
    };
    switch (node.type) {
      case 'text':
        runs.push({ ...base, text: cleanText(node.text).replace(/[\r\n]+/g, ' ') });
        break;
      case 'hardBreak':
        runs.push({ ...base, text: '\n' });
        break;
      case 'footnote': {
        const number = numbering.noteNumber.get(node);
        if (number === undefined) runs.push({ ...base, font: fontFor(false, true), text: '[note missing]' });
        else runs.push({ text: String(number), font: 'regular', size: style.size * 0.62, raise: style.size * 0.36, color: '#2f5d8a' });
        break;
      }
    }
  }
  return runs.filter((r) => r.text !== '');
}

export interface ParagraphBox {
  x: number;
  width: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  lineGap?: number;
  /** First-line indent (negative: a hanging marker). */
  indent?: number;
}

/** Per document: which code points the oblique faces can draw (see pdf-fonts.ts). */
const slantedCoverage = new WeakMap<PDFKit.PDFDocument, (codePoint: number) => boolean>();

export function setSlantedCoverage(doc: PDFKit.PDFDocument, covers: (codePoint: number) => boolean): void {
  slantedCoverage.set(doc, covers);
}

const UPRIGHT: Record<FontName, FontName> = { regular: 'regular', bold: 'bold', italic: 'regular', boldItalic: 'bold' };

/**
 * A slanted run split where its face lacks a character (Arabic in DejaVu Sans
 * Oblique): those stretches use the upright face, so the text is drawn rather
 * than printed as empty boxes. Upright runs and fully covered ones are unchanged.
 */
function withFallbackFaces(runs: readonly Run[], covers: ((codePoint: number) => boolean) | undefined): Run[] {
  if (!covers) return [...runs];
  const out: Run[] = [];
  for (const run of runs) {
    if (run.font === UPRIGHT[run.font]) {
      out.push(run);
      continue;
    }
    let current: Run | undefined;
    for (const ch of run.text) {
      // Spaces and joiners go with the stretch they sit in.
      const font = /\s|\u200b|\u200c|\u200d/.test(ch) || covers(ch.codePointAt(0)!) ? run.font : UPRIGHT[run.font];
      if (current && (current.font === font || /\s/.test(ch))) current.text += ch;
      else out.push((current = { ...run, font, text: ch }));
    }
  }
  return out;
}

/** Writes the runs as one paragraph at the current y; nothing for no runs. */
export function writeRuns(doc: PDFKit.PDFDocument, input: readonly Run[], box: ParagraphBox): void {
  if (input.length === 0) return;
  let runs = withFallbackFaces(input, slantedCoverage.get(doc));
  const lineSize = Math.max(...runs.filter((r) => r.raise === undefined).map((r) => r.size), runs[0]!.size);
  // pdfkit spaces a line by the font size current when it ends: a paragraph ending in a small run (a note
  // number, a status label) would crowd the next one. A zero-width space at the line's size ends every paragraph.
  runs = [...runs, { text: '\u200b', font: 'regular', size: lineSize }];
  runs.forEach((run, i) => {
    doc
      .font(run.font)
      .fontSize(run.size)
      .fillColor(run.color ?? INK);
    const options: PDFKit.Mixins.TextOptions = {
      continued: i < runs.length - 1,
      width: box.width,
      align: box.align ?? 'left',
      lineGap: box.lineGap ?? 2.5,
      ...(box.indent !== undefined ? { indent: box.indent } : {}),
      // Every option spelled out: pdfkit carries a continued run's options over to the next.
      underline: run.underline === true,
      strike: run.strike === true,
      link: run.link ?? null,
      // pdfkit puts a run's top at the line's top: raise a small run by moving its baseline up.
      baseline: run.raise !== undefined ? -((ASCENDER / 1000) * lineSize - run.raise) : 'top',
    };
    if (i === 0) doc.text(run.text, box.x, doc.y, options);
    else doc.text(run.text, options);
  });
  doc.fillColor(INK);
}

export type { PDFDocument };
