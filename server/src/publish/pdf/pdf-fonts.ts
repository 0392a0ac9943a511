/**
 * The fonts every PDF embeds: DejaVu Sans (regular, bold, oblique, bold
 * oblique) as TrueType from the dejavu-fonts-ttf package, read once. Shipping
 * the font as a package keeps output identical on every machine (no system
 * fonts), and its licence allows embedding. It covers Latin, Greek, Cyrillic,
 * Armenian, Georgian, Hebrew and Arabic (the @fontsource package used before
 * shipped only its Latin subset, so a Greek or Russian quote printed as empty
 * boxes). The oblique faces have no Arabic: a slanted run falls back to the
 * upright face for each character its own face lacks (see pdf-runs.ts).
 * Characters no face has (CJK, for one) still print as the font's empty box.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

export interface PdfFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
  boldItalic: Uint8Array;
  /** Whether the oblique faces have a glyph for a code point (else the upright face is used). */
  slantedCovers: (codePoint: number) => boolean;
}

let cached: PdfFonts | undefined;

export function pdfFonts(): PdfFonts {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const read = (file: string) => new Uint8Array(readFileSync(join(dir, file)));
  const italic = read('DejaVuSans-Oblique.ttf');
  const oblique = fontkit.create(Buffer.from(italic));
  if (!('hasGlyphForCodePoint' in oblique)) throw new Error('DejaVuSans-Oblique.ttf is a font collection');
  // Both oblique faces cover the same scripts (checked for Latin, Greek, Cyrillic, Hebrew; neither has Arabic).
  const known = new Map<number, boolean>();
  cached = {
    regular: read('DejaVuSans.ttf'),
    bold: read('DejaVuSans-Bold.ttf'),
    italic,
    boldItalic: read('DejaVuSans-BoldOblique.ttf'),
    slantedCovers: (codePoint) => {
      let has = known.get(codePoint);
      if (has === undefined) known.set(codePoint, (has = oblique.hasGlyphForCodePoint(codePoint)));
      return has;
    },
  };
  return cached;
}
