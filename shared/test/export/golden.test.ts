/**
 * Golden files: every format rendered from the every-node-type sample, in both
 * scopes. Run with UPDATE_GOLDEN=1 to rewrite them after an intended change,
 * then review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportBundle } from '../../src/export/index.js';
import type { ExportScope } from '../../src/export/index.js';
import { sampleExportInput } from '../../src/fixtures/index.js';
import { zipText } from './zip-reader.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: Uint8Array | string): void {
  const path = join(GOLDEN_DIR, name);
  const bytes = typeof actual === 'string' ? new TextEncoder().encode(actual) : actual;
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`Golden file ${name} is missing: run with UPDATE_GOLDEN=1 to create it`);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, bytes);
    return;
  }
  const expected = new Uint8Array(readFileSync(path));
  if (typeof actual === 'string') expect(actual).toBe(new TextDecoder().decode(expected));
  else expect(Buffer.compare(Buffer.from(bytes), Buffer.from(expected)), `${name} differs from its golden file`).toBe(0);
}

/** document.xml with one paragraph a line, so a golden diff is readable. */
function readableDocumentXml(docx: Uint8Array): string {
  return `${zipText(docx, 'word/document.xml').replace(/<w:p>|<w:p /g, '\n$&')}\n`;
}

describe.each<ExportScope>(['consensus', 'draft'])('golden files, %s scope', (scope) => {
  it('match for every format and the manifest', async () => {
    const bundle = await exportBundle(sampleExportInput({ scope, includeRecord: true }));
    for (const file of bundle.files) {
      const extension = file.filename.slice(file.filename.lastIndexOf('.') + 1);
      golden(`sample.${scope}.${extension}`, extension === 'docx' ? file.bytes : new TextDecoder().decode(file.bytes));
      if (extension === 'docx') golden(`sample.${scope}.docx.document.xml`, readableDocumentXml(file.bytes));
    }
    golden(`sample.${scope}.manifest.json`, new TextDecoder().decode(bundle.manifestFile.bytes));
  });
});
