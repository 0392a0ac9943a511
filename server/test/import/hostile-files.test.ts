import { renderDocx } from '@concord/shared';
import { sampleExportInput } from '@concord/shared/fixtures/index';
import { describe, expect, it } from 'vitest';
import { ImportError, importDocument } from '../../src/import/index.js';
import type { ImportErrorCode } from '../../src/import/index.js';
import { utf8 } from './helpers.js';

async function rejects(
  filename: string,
  bytes: Uint8Array,
  code: ImportErrorCode,
  message?: RegExp,
  maxBytes?: number,
): Promise<ImportError> {
  const error = await importDocument({ filename, bytes, ...(maxBytes ? { maxBytes } : {}) }).then(
    () => {
      throw new Error(`${filename} was imported but should have been refused with ${code}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  expect((error as ImportError).code).toBe(code);
  if (message) expect((error as ImportError).message).toMatch(message);
  return error as ImportError;
}

let docxBytes: Uint8Array | undefined;
const docx = async () => (docxBytes ??= await renderDocx(sampleExportInput()));

/** Replaces every occurrence of a same-length byte string (zip entry names live in two headers). */
function replaceBytes(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const out = bytes.slice();
  const a = utf8(from);
  const b = utf8(to);
  for (let i = 0; i + a.length <= out.length; i++) if (a.every((v, j) => out[i + j] === v)) out.set(b, i);
  return out;
}

describe('hostile or wrong files are refused with a typed error and nothing produced', () => {
  it('too large: over the size cap (configurable)', async () => {
    await rejects('big.md', utf8('x'.repeat(2048)), 'too_large', /is 2 KB; the import limit is 1 KB/, 1024);
    await rejects('big.docx', await docx(), 'too_large', /import limit/, 1000);
  });

  it('too large: a DOCX whose entries claim to inflate past 10× the cap (zip bomb)', async () => {
    const bytes = (await docx()).slice();
    const view = new DataView(bytes.buffer);
    // Patch the uncompressed size of every central directory entry to 400 MB.
    for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 400 * 1024 * 1024, true);
    await rejects('bomb.docx', bytes, 'too_large', /would inflate/);
  });

  it('unsupported format: unknown or missing extension', async () => {
    await rejects('report.pdf', utf8('%PDF-1.7'), 'unsupported_format', /only \.md/);
    await rejects('report', utf8('# hi'), 'unsupported_format');
    await rejects('tool.exe', new Uint8Array([0x4d, 0x5a]), 'unsupported_format');
  });

  it('content mismatch: a .docx that is not a zip, or a zip without word/document.xml', async () => {
    await rejects('fake.docx', utf8('<html><body>not a docx</body></html>'), 'content_mismatch', /not a DOCX file/);
    await rejects(
      'sheet.docx',
      replaceBytes(await docx(), 'word/document.xml', 'word/documenX.xml'),
      'content_mismatch',
      /no word\/document\.xml/,
    );
  });

  it('content mismatch: Markdown/HTML that is binary or not UTF-8', async () => {
    await rejects('report.md', await docx(), 'content_mismatch', /binary file/);
    await rejects('page.html', new Uint8Array([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0x41]), 'content_mismatch', /not valid UTF-8/);
    await rejects('notes.txt', new Uint8Array([0x61, 0x00, 0x62]), 'content_mismatch', /NUL/);
    await rejects('utf16.md', new Uint8Array([0xff, 0xfe, 0x23, 0x00]), 'content_mismatch');
  });

  it('malformed: a truncated or corrupted DOCX', async () => {
    const bytes = await docx();
    await rejects('cut.docx', bytes.slice(0, Math.floor(bytes.length / 2)), 'malformed', /damaged/);
    const corrupt = bytes.slice();
    // Keep the zip structure, scramble the compressed data of the first entry.
    for (let i = 60; i < 400; i++) corrupt[i] ^= 0x5a;
    await rejects('corrupt.docx', corrupt, 'malformed');
  });

  it('empty: an empty file, or one with nothing Concord can keep', async () => {
    await rejects('empty.md', new Uint8Array(), 'empty');
    await rejects('script.html', utf8('<script>alert(1)</script><style>p{}</style>'), 'empty', /no text/);
  });

  it('an explicit format overrides the extension, and is checked against the content', async () => {
    const { doc } = await importDocument({ filename: 'upload.bin', bytes: utf8('# Title'), format: 'md' });
    expect(doc.content[0]).toMatchObject({ type: 'heading', attrs: { level: 1 } });
    await rejects('upload.bin', utf8('# Title'), 'unsupported_format');
    await expect(importDocument({ filename: 'x.md', bytes: utf8('hi'), format: 'docx' })).rejects.toMatchObject({
      code: 'content_mismatch',
    });
  });
});
