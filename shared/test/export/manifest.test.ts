import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalBlockText, collectBlockLeaves, exportBundle, filterConsensus, parseDocJSON, verifyFile } from '../../src/export/index.js';
import { sampleExportInput } from '../../src/fixtures/index.js';
import { doc, p, text } from './helpers.js';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('manifest', () => {
  it('lists the SHA-256 of every exported block and every file, verifiable with any sha256 tool', async () => {
    const input = sampleExportInput();
    const { files, manifest } = await exportBundle(input);
    const exported = collectBlockLeaves(filterConsensus(parseDocJSON(input.doc), (id) => input.blocks.get(id)?.status === 'agreed'));
    expect(manifest.blocks.map((b) => b.id)).toEqual(exported.map((b) => b.attrs.id));
    exported.forEach((block, i) => expect(manifest.blocks[i].sha256).toBe(sha256(canonicalBlockText(block))));
    expect(manifest.files.map((f) => f.filename)).toEqual(files.map((f) => f.filename));
    files.forEach((file, i) => {
      expect(manifest.files[i].sha256).toBe(sha256(file.bytes));
      expect(verifyFile(manifest, file.filename, file.bytes)).toBe(true);
    });
  });

  it('detects a tampered file', async () => {
    const { files, manifest } = await exportBundle(sampleExportInput());
    const tampered = files[0].bytes.slice();
    tampered[10] ^= 1;
    expect(verifyFile(manifest, files[0].filename, tampered)).toBe(false);
    expect(verifyFile(manifest, 'other.md', files[0].bytes)).toBe(false);
  });

  it('canonical text: hard breaks as newlines, NFC, no control characters, marks ignored', () => {
    const block = doc(p('a', text('Cafe\u0301', 'bold'), { type: 'hardBreak' }, 'x\u0007y')).content[0];
    expect(canonicalBlockText(block as never)).toBe('Café\nxy');
  });
});
