/**
 * Which format a file is, and whether its bytes are what its name says:
 * DOCX must be a zip holding word/document.xml (and inflate to a sane size);
 * Markdown and HTML must be UTF-8 text. Nothing is parsed before this passes.
 */
import { ImportError } from './import-error.js';
import { inflatedSizeWithin, isZip, listZipEntries } from './zip-inspect.js';

export type ImportFormat = 'md' | 'html' | 'docx';

const BY_EXTENSION: Record<string, ImportFormat> = {
  md: 'md',
  markdown: 'md',
  mdown: 'md',
  txt: 'md',
  html: 'html',
  htm: 'html',
  docx: 'docx',
};

const FORMAT_NAMES: Record<ImportFormat, string> = { md: 'Markdown', html: 'HTML', docx: 'DOCX' };

export function formatFromFilename(filename: string): ImportFormat | undefined {
  const match = /\.([A-Za-z0-9]+)$/.exec(filename.trim());
  return match ? BY_EXTENSION[match[1].toLowerCase()] : undefined;
}

export function resolveFormat(filename: string, format: ImportFormat | undefined): ImportFormat {
  const byName = formatFromFilename(filename);
  if (format !== undefined && !(format in FORMAT_NAMES)) {
    throw new ImportError('unsupported_format', `Unsupported import format "${format}". Use Markdown, HTML or DOCX.`);
  }
  const chosen = format ?? byName;
  if (chosen === undefined) {
    throw new ImportError(
      'unsupported_format',
      `Cannot import "${filename}": only .md, .markdown, .txt, .html, .htm and .docx files are supported.`,
    );
  }
  return chosen;
}

export interface DocxLimits {
  /** Largest total size the archive may inflate to. */
  maxUncompressedBytes: number;
  maxEntries: number;
}

export function checkDocx(bytes: Uint8Array, filename: string, limits: DocxLimits): void {
  if (!isZip(bytes)) {
    throw new ImportError('content_mismatch', `"${filename}" is not a DOCX file: a DOCX is a zip archive, and this file is not one.`);
  }
  const entries = listZipEntries(bytes);
  if (entries.length > limits.maxEntries) {
    throw new ImportError('too_large', `"${filename}" holds ${entries.length} files; a DOCX may hold at most ${limits.maxEntries}.`);
  }
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw new ImportError('content_mismatch', `"${filename}" is a zip archive but not a Word document (it has no word/document.xml).`);
  }
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) {
    throw new ImportError('too_large', `"${filename}" would inflate to ${mb(total)}; the limit is ${mb(limits.maxUncompressedBytes)}.`);
  }
  // The declared sizes may lie: count what really comes out, stopping at the limit.
  inflatedSizeWithin(bytes, entries, limits.maxUncompressedBytes);
}

/** Decodes Markdown or HTML bytes: strict UTF-8, no NUL bytes, not a zip or PDF in disguise. */
export function decodeText(bytes: Uint8Array, filename: string, format: ImportFormat): string {
  const kind = FORMAT_NAMES[format];
  if (isZip(bytes) || startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    throw new ImportError(
      'content_mismatch',
      `"${filename}" should be ${kind} text but is a binary file (zip or PDF). Is the file name right?`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new ImportError(
      'content_mismatch',
      `"${filename}" is not valid UTF-8 text, so it cannot be ${kind}. Save it as UTF-8 and try again.`,
      { cause },
    );
  }
  if (text.includes('\u0000')) {
    throw new ImportError('content_mismatch', `"${filename}" contains binary data (NUL bytes), so it cannot be ${kind}.`);
  }
  return text;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** A size for messages: "1.5 MB", or "12 KB" below a megabyte. */
export function mb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
