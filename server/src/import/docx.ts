/**
 * DOCX → HTML with mammoth. Word's built-in style names map to headings,
 * quotes, captions and underline; footnotes and endnotes come out as mammoth's
 * reference links and notes list (turned into Concord footnotes by
 * report-structure.ts); embedded pictures are read from the package, checked
 * and kept by content hash (`concord-image:<sha256>`); linked ones are never
 * fetched. Styles mammoth does not know are reported as dropped.
 */
import mammoth from 'mammoth';
import { ImportError } from './import-error.js';
import type { ImportImages } from './import-images.js';
import { PACKAGE_IMAGE_SCHEME } from './report-structure.js';
import { rewriteDocxMarkup } from './docx-rewrite.js';
import type { DropTally } from './sanitize.js';

const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => p:fresh",
  "p[style-name='Concord Meta'] => p:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Block Text'] => blockquote > p:fresh",
  "p[style-name='caption'] => p.caption:fresh",
  "p[style-name='Caption'] => p.caption:fresh",
  'u => u',
  'strike => s',
];

export async function docxToHtml(bytes: Uint8Array, tally: DropTally, images: ImportImages): Promise<{ html: string; warnings: string[] }> {
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  let rewritten: Uint8Array;
  try {
    rewritten = rewriteDocxMarkup(bytes, tally);
  } catch (cause) {
    throw new ImportError('malformed', 'The DOCX file could not be read: it looks damaged or is not a Word document.', { cause });
  }
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(rewritten.buffer, rewritten.byteOffset, rewritten.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(async (image) => {
          const hash = images.addUntrusted(await image.read(), `picture (${image.contentType ?? 'unknown type'})`);
          return { src: hash === null ? '' : `${PACKAGE_IMAGE_SCHEME}${hash}` };
        }),
      },
    );
  } catch (cause) {
    throw new ImportError('malformed', 'The DOCX file could not be read: it looks damaged or is not a Word document.', { cause });
  }
  const warnings: string[] = [];
  for (const message of result.messages) {
    const style = /^Unrecognised (paragraph|run) style: '(.*)' \(Style ID: (.*)\)$/.exec(message.message);
    const ignored = /^An unrecognised element was ignored: (.*)$/.exec(message.message);
    if (style) tally.add(`Word ${style[1]} style (formatting dropped, text kept)`, style[2]);
    // Whatever mammoth still skips is listed as left out, not buried among the warnings.
    else if (ignored) tally.add('Word element mammoth cannot read (left out)', ignored[1]!.replace(/^\{[^}]*\}/, ''));
    else warnings.push(message.message);
  }
  return { html: result.value, warnings };
}
