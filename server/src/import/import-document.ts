/**
 * importDocument: Markdown, HTML or DOCX bytes → a Concord document (ProseMirror
 * JSON with fresh block ids) and a report of what was kept and what was not.
 *
 * Every format goes the same way: (DOCX → mammoth →) (Markdown → markdown-it →)
 * HTML → sanitize-html with a strict allow-list → ProseMirror DOMParser with the
 * shared schema. No script is ever run or kept. Hostile files fail with an
 * ImportError (too_large, unsupported_format, content_mismatch, malformed,
 * empty) before anything is produced.
 */
import { randomUUID } from 'node:crypto';
import type { DocNode, ExportImage } from '@concord/shared';
import type { ImportFormat } from './detect.js';
import { checkDocx, decodeText, mb, resolveFormat } from './detect.js';
import { docxToHtml } from './docx.js';
import type { KeptCounts } from './html-to-doc.js';
import { htmlToDoc } from './html-to-doc.js';
import { DEFAULT_MAX_IMPORT_BYTES, ImportError } from './import-error.js';
import { ImportImages } from './import-images.js';
import { markdownToHtml } from './markdown.js';
import { rewriteReportStructure } from './report-structure.js';
import type { Dropped } from './sanitize.js';
import { DropTally, sanitizeImportHtml } from './sanitize.js';

export { DEFAULT_MAX_IMPORT_BYTES };
/** What the files inside a DOCX may inflate to, counted for real (zip-inspect.ts). */
export const MAX_DOCX_INFLATED_BYTES = 64 * 1024 * 1024;

export interface ImportRequest {
  filename: string;
  bytes: Uint8Array;
  /** Overrides the format the file name implies. */
  format?: ImportFormat;
  /** Size cap for the file (default 20 MB); a DOCX may inflate to 10× this. */
  maxBytes?: number;
  /** Block id generator (default: random UUIDs). */
  generateId?: () => string;
}

export interface ImportReport {
  format: ImportFormat;
  kept: KeptCounts;
  dropped: Dropped[];
  warnings: string[];
}

export interface ImportResult {
  doc: DocNode;
  report: ImportReport;
  /** The images the document's figures show, by sha256: the caller stores them with the document. */
  images: Map<string, ExportImage>;
}

export async function importDocument(request: ImportRequest): Promise<ImportResult> {
  const { format, html, tally, images, warnings } = await prepareImportHtml(request);
  const { doc, kept, emptyParagraphsRemoved, imageHashes } = htmlToDoc(html, request.generateId ?? randomUUID);
  if (emptyParagraphsRemoved > 0)
    warnings.push(`${emptyParagraphsRemoved} empty paragraph${emptyParagraphsRemoved === 1 ? '' : 's'} removed.`);
  if (kept.imagesMissing > 0)
    warnings.push(
      `${kept.imagesMissing} figure${kept.imagesMissing === 1 ? '' : 's'} kept without an image (the file did not hold it): upload it in the editor.`,
    );
  return { doc, report: { format, kept, dropped: tally.list(), warnings: dedupe(warnings) }, images: images.usedBy(imageHashes) };
}

export interface PreparedImport {
  format: ImportFormat;
  /** Sanitised HTML in the form the schema parses (report-structure.ts, sanitize.ts). */
  html: string;
  tally: DropTally;
  images: ImportImages;
  warnings: string[];
}

/** Every step before the HTML becomes a document (exported for the parser's equivalence test). */
export async function prepareImportHtml(request: ImportRequest): Promise<PreparedImport> {
  const { filename, bytes } = request;
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (!(bytes instanceof Uint8Array)) throw new ImportError('malformed', 'No file content was received.');
  if (bytes.byteLength > maxBytes) {
    throw new ImportError('too_large', `"${filename}" is ${mb(bytes.byteLength)}; the import limit is ${mb(maxBytes)}.`);
  }
  const format = resolveFormat(filename, request.format);
  if (bytes.byteLength === 0) throw new ImportError('empty', `"${filename}" is empty.`);

  const tally = new DropTally();
  const images = new ImportImages(tally, maxBytes);
  const warnings: string[] = [];
  let html: string;
  switch (format) {
    case 'docx': {
      checkDocx(bytes, filename, { maxUncompressedBytes: Math.min(maxBytes * 10, MAX_DOCX_INFLATED_BYTES), maxEntries: 10_000 });
      const converted = await docxToHtml(bytes, tally, images);
      html = converted.html;
      warnings.push(...converted.warnings);
      break;
    }
    case 'md':
      html = markdownToHtml(decodeText(bytes, filename, format));
      break;
    case 'html':
      html = decodeText(bytes, filename, format);
      break;
    default: {
      const never: never = format;
      throw new ImportError('unsupported_format', `Unsupported import format ${String(never)}.`);
    }
  }
  const { html: structured, counts } = rewriteReportStructure(html, images, tally);
  if (counts.listItemsOpened > 0)
    warnings.push(
      `${counts.listItemsOpened} list item${counts.listItemsOpened === 1 ? ' starts' : 's start'} with a list, quote or table: an empty first line was added so ${counts.listItemsOpened === 1 ? 'it stays' : 'they stay'} in ${counts.listItemsOpened === 1 ? 'its' : 'their'} list.`,
    );
  // Whitespace right after a line break is invisible in a browser (it starts the new line), but
  // ProseMirror would keep it as a space: markdown-it writes every hard break as "<br>\n".
  const clean = sanitizeImportHtml(structured, tally).replace(/(<br \/>)\s+/g, '$1');
  return { format, html: clean, tally, images, warnings };
}

function dedupe(warnings: string[]): string[] {
  const counts = new Map<string, number>();
  for (const w of warnings) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].slice(0, 50).map(([w, n]) => (n > 1 ? `${w} (${n} times)` : w));
}
