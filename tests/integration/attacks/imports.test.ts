/**
 * Issue 12 #3, #4, #9 against a real server process over real HTTP:
 * - a DOCX whose zip directory lies about sizes (a zip bomb) is refused while
 *   inflating, with the server's memory within a stated bound;
 * - files that are slow to convert (100 000 empty Word paragraphs, 50 000 HTML
 *   paragraphs) run in the import worker: the server keeps answering meanwhile,
 *   and an import over MAX_IMPORT_BLOCKS is refused;
 * - imports count against MAX_DOCS_PER_USER and are rate-limited per account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/process.js';
import { seedDataDir, type SeededDataDir } from './process-fixture.js';
import { rssMiB } from './chunked-flood.js';
import { bombDocx, docx } from './zip-writer.js';

const MiB = 1024 * 1024;
let seeded: SeededDataDir;
let server: ServerProcess;

beforeAll(async () => {
  seeded = await seedDataDir(); // the attacker already has one document
  server = await startServerProcess({ dataDir: seeded.dataDir, env: { MAX_DOCS_PER_USER: '3' } });
});

afterAll(async () => {
  await server?.kill('SIGKILL');
  seeded?.remove();
});

async function importFile(filename: string, bytes: Uint8Array | string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/docs/import?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { cookie: seeded.cookie, 'content-type': 'application/octet-stream' },
    body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
  });
  return { status: res.status, body: await res.json() };
}

/** Polls /healthz while `work` runs; the longest wait for an answer tells whether the server froze. */
async function whileServing<T>(work: Promise<T>): Promise<{ result: T; answers: number; longestWaitMs: number }> {
  let finished = false;
  let answers = 0;
  let longestWaitMs = 0;
  const probe = (async () => {
    while (!finished) {
      const started = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) answers++;
      longestWaitMs = Math.max(longestWaitMs, performance.now() - started);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const result = await work.finally(() => (finished = true));
  await probe;
  return { result, answers, longestWaitMs };
}

describe('imports cannot exhaust or freeze the server (issue 12 #3, #4, #9)', () => {
  it('a zip bomb (256 MiB of text declared as 1 000 bytes) is refused while inflating', async () => {
    const bomb = await bombDocx(256 * MiB);
    expect(bomb.byteLength).toBeLessThan(1 * MiB);
    const before = rssMiB(server.child.pid!);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(server.child.pid!))), 20);
    const { status, body } = await importFile('bomb.docx', bomb).finally(() => clearInterval(sampler));
    console.info(
      `zip bomb (${(bomb.byteLength / 1024).toFixed(0)} KiB): ${status} ${body.error?.message}; server RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB`,
    );
    expect(status).toBe(413);
    expect(body.error.details.importError).toBe('too_large');
    // The real inflated bytes stop at 64 MiB; the worker's code and heap come on top.
    expect(peak - before).toBeLessThan(400);
  }, 240_000); // the first import also starts the worker: half a minute under this machine's load

  it('100 000 empty Word paragraphs (a few KB) do not freeze the server', async () => {
    const file = docx('<w:p/>'.repeat(100_000));
    expect(file.byteLength).toBeLessThan(64 * 1024);
    const { result, answers, longestWaitMs } = await whileServing(importFile('empty-paragraphs.docx', file));
    console.info(
      `100k empty paragraphs: ${result.status}; /healthz answered ${answers} times meanwhile, longest wait ${Math.round(longestWaitMs)} ms`,
    );
    expect([201, 400, 413]).toContain(result.status);
    expect(answers).toBeGreaterThan(2);
    expect(longestWaitMs).toBeLessThan(5000);
  });

  it('50 000 HTML paragraphs: over the block limit (20 000), refused, and the server kept answering', async () => {
    const html = Array.from({ length: 50_000 }, (_, i) => `<p>Paragraph ${i} of a long page.</p>`).join('\n');
    const { result, answers, longestWaitMs } = await whileServing(importFile('long.html', html));
    console.info(
      `50k HTML paragraphs (${(html.length / MiB).toFixed(1)} MB): ${result.status} ${result.body.error?.message}; /healthz ${answers} answers, longest wait ${Math.round(longestWaitMs)} ms`,
    );
    expect(result.status).toBe(413);
    expect(result.body.error.message).toContain('20000');
    expect(answers).toBeGreaterThan(0);
    expect(longestWaitMs).toBeLessThan(5000);
  });

  it('imports count against MAX_DOCS_PER_USER, and more than 20 attempts in 10 minutes are 429', async () => {
    const listed = async () =>
      ((await (await fetch(`${server.url}/api/docs`, { headers: { cookie: seeded.cookie } })).json()) as { docs: unknown[] }).docs.length;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await importFile(`note-${i}.md`, `# Note ${i}\n\nText.\n`)).status);
    // One document existed; two more fit under the cap of 3; the rest are refused.
    expect(statuses.slice(0, 2)).toEqual([201, 201]);
    expect(statuses.slice(2).every((s) => s === 403)).toBe(true);
    expect(await listed()).toBe(3);
    // Earlier tests used 3 attempts, this one 6: 11 more reach the limit of 20, the next is refused.
    for (let i = 0; i < 11; i++) await importFile('again.md', '# Again\n');
    const limited = await importFile('again.md', '# Again\n');
    expect(limited.status).toBe(429);
    expect(await listed()).toBe(3);
  });
});
