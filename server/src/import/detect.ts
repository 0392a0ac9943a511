/**
 * Which format a file is, and whether its bytes are what its name says:
 * DOCX must be a zip holding the main document part its relationships name
 * (and inflate to a sane size; a password-protected file is named as such);
 * Markdown and HTML must be UTF-8 text. Nothing is parsed before this passes.
 */
import { ImportError } from './import-error.js';
import { strFromU8, unzipSync } from 'fflate';
import { inflatedSizeWithin, isZip, listZipEntries, type ZipEntry } from './zip-inspect.js';

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

/** An OLE compound file: an encrypted (password-protected) OOXML package, or an old binary .doc. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The stream every encrypted OOXML package holds, as its UTF-16 name appears in the OLE directory. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export function checkDocx(bytes: Uint8Array, filename: string, limits: DocxLimits): void {
  if (startsWith(bytes, OLE_SIGNATURE)) {
    throw new ImportError(
      'unsupported_format',
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE)
        ? `"${filename}" is password-protected, and Concord cannot open protected files. Remove the password in Word (File › Info › Protect Document › Encrypt with Password, then clear it), save, and import it again.`
        : `"${filename}" is an older Word document (.doc), not a .docx. Open it in Word or LibreOffice, save it as a .docx, and import that.`,
    );
  }
  if (!isZip(bytes)) {
    throw new ImportError('content_mismatch', `"${filename}" is not a DOCX file: a DOCX is a zip archive, and this file is not one.`);
  }
  const entries = listZipEntries(bytes);
  if (entries.length > limits.maxEntries) {
    throw new ImportError('too_large', `"${filename}" holds ${entries.length} files; a DOCX may hold at most ${limits.maxEntries}.`);
  }
  // The package's relationships name the main document part; word/document.xml is only Word's habit.
  const main = mainDocumentPart(bytes, entries);
  if (!entries.some((e) => e.name === main)) {
    throw new ImportError('content_mismatch', `"${filename}" is a zip archive but not a Word document (it has no ${main}).`);
  }
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) {
    throw new ImportError('too_large', `"${filename}" would inflate to ${mb(total)}; the limit is ${mb(limits.maxUncompressedBytes)}.`);
  }
  // The declared sizes may lie: count what really comes out, stopping at the limit.
  inflatedSizeWithin(bytes, entries, limits.maxUncompressedBytes);
}

/** Where _rels/.rels says the main document is (an officeDocument relationship), else word/document.xml. */
function mainDocumentPart(bytes: Uint8Array, entries: readonly ZipEntry[]): string {
  const rels = entries.find((e) => e.name === '_rels/.rels');
  // A relationships file is a few hundred bytes; a huge one is not read (the default applies).
  if (!rels || rels.uncompressedSize > 64 * 1024) return 'word/document.xml';
  let xml: string;
  try {
    xml = strFromU8(unzipSync(bytes, { filter: (f) => f.name === '_rels/.rels' })['_rels/.rels'] ?? new Uint8Array());
  } catch {
    return 'word/document.xml';
  }
  for (const [tag] of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    if (!/\bType="[^"]*\/officeDocument"/.test(tag)) continue;
    const target = /\bTarget="([^"]+)"/.exec(tag)?.[1];
    if (target) return decodeURIComponent(target.replace(/^\/+/, '').replace(/&amp;/g, '&'));
  }
  return 'word/document.xml';
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
