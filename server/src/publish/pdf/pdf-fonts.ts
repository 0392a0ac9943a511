/**
 * The fonts every PDF embeds (as TrueType, unwrapped from WOFF once): DejaVu Sans (regular, bold, italic, bold italic)
 * from the @fontsource/dejavu-sans package, read once. Shipping the font as a
 * package keeps output identical on every machine (no system fonts), and its
 * licence allows embedding. It covers the Latin script; characters outside it
 * print as the font's empty box.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { woffToSfnt } from './woff-to-sfnt.js';

export interface PdfFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
  boldItalic: Uint8Array;
}

let cached: PdfFonts | undefined;

export function pdfFonts(): PdfFonts {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@fontsource/dejavu-sans/package.json')), 'files');
  const read = (weight: 400 | 700, style: 'normal' | 'italic') =>
    woffToSfnt(new Uint8Array(readFileSync(join(dir, `dejavu-sans-latin-${weight}-${style}.woff`))));
  cached = { regular: read(400, 'normal'), bold: read(700, 'normal'), italic: read(400, 'italic'), boldItalic: read(700, 'italic') };
  return cached;
}
