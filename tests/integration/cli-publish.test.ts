/** `pnpm concord doc create --from FILE` and `doc export` as real processes on a real data dir. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import mammoth from 'mammoth';
import { runCliProcess } from '../helpers/process.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'concord-cli-'));
  dirs.push(dir);
  return dir;
}

/**
 * Each `concord` call is a process of its own (node, tsx compiling the server's
 * sources, an export): a few seconds alone, up to ~20 s on a loaded 2-core machine.
 * The calls run one after another, so a test's budget is this per call: the
 * integration default (60 s for a whole test) ran out at load 15.
 */
const PER_PROCESS_MS = 60_000;

const concord = (dir: string, args: string[]) => runCliProcess(args, { env: { DATA_DIR: dir }, timeoutMs: PER_PROCESS_MS });

describe('concord doc create --from / doc export', () => {
  it('imports a Markdown file and exports it in every format, reproducibly', { timeout: 8 * PER_PROCESS_MS }, async () => {
    const dir = tempDir();
    const file = join(dir, 'draft.md');
    writeFileSync(file, '# Report\n\nPay & conditions: 5 < 6.\n\n1. One\n2. Two\n\n> A quote.\n');
    expect(
      (await concord(dir, ['user', 'add', '--email', 'ada@example.org', '--name', 'Ada', '--password', 'analytical engine'])).code,
    ).toBe(0);
    const created = await concord(dir, ['doc', 'create', '--title', 'Imported', '--author', 'ada@example.org', '--from', file]);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain('Imported draft.md (md)');
    const docId = created.stdout.trim();

    const draft = await concord(dir, ['doc', 'export', '--doc', docId, '--format', 'md', '--scope', 'draft']);
    expect(draft.code).toBe(0);
    expect(draft.stdout).toContain('Pay & conditions: 5 < 6.');
    expect(draft.stdout).toContain('> A quote.');

    // Nothing is agreed yet: the consensus export has no body text.
    const consensus = await concord(dir, ['doc', 'export', '--doc', docId, '--format', 'md']);
    expect(consensus.code).toBe(0);
    expect(consensus.stdout).not.toContain('Pay & conditions');

    const out1 = join(dir, 'a.docx');
    const out2 = join(dir, 'b.docx');
    expect((await concord(dir, ['doc', 'export', '--doc', docId, '--format', 'docx', '--scope', 'draft', '--out', out1])).code).toBe(0);
    expect((await concord(dir, ['doc', 'export', '--doc', docId, '--format', 'docx', '--scope', 'draft', '--out', out2])).code).toBe(0);
    expect(readFileSync(out1).equals(readFileSync(out2))).toBe(true);
    const html = (await mammoth.convertToHtml({ path: out1 })).value;
    expect(html).toMatch(/<h1>Report \[UNREVIEWED\]<\/h1>/);

    // PDF from the CLI too, byte-identical for the same state.
    const pdf1 = join(dir, 'a.pdf');
    const pdf2 = join(dir, 'b.pdf');
    expect((await concord(dir, ['doc', 'export', '--doc', docId, '--format', 'pdf', '--scope', 'draft', '--out', pdf1])).code).toBe(0);
    expect((await concord(dir, ['doc', 'export', '--doc', docId, '--format', 'pdf', '--scope', 'draft', '--out', pdf2])).code).toBe(0);
    expect(readFileSync(pdf1).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(pdf1).equals(readFileSync(pdf2))).toBe(true);
  });

  it('refuses bad input with a clear message and creates nothing', { timeout: 6 * PER_PROCESS_MS }, async () => {
    const dir = tempDir();
    expect(
      (await concord(dir, ['user', 'add', '--email', 'ada@example.org', '--name', 'Ada', '--password', 'analytical engine'])).code,
    ).toBe(0);
    const fake = join(dir, 'fake.docx');
    writeFileSync(fake, 'this is not a zip');
    const refused = await concord(dir, ['doc', 'create', '--title', 'X', '--author', 'ada@example.org', '--from', fake]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cannot import/);
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    const missing = await concord(dir, ['doc', 'create', '--title', 'X', '--from', join(dir, 'nope.md')]);
    expect(missing.code).toBe(1);
    expect((await concord(dir, ['doc', 'list'])).stderr).toContain('No documents yet');

    const badFormat = await concord(dir, ['doc', 'export', '--doc', 'd_x', '--format', 'odt']);
    expect(badFormat.code).toBe(2);
    const unknownDoc = await concord(dir, ['doc', 'export', '--doc', 'd_nope', '--format', 'md']);
    expect(unknownDoc.code).toBe(1);
  });
});
