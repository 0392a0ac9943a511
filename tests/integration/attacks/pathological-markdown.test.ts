/**
 * Issue 12 #4: a 4.9 MB pathological Markdown file (block quotes nested 1,000
 * deep, lists nested hundreds deep, megabytes of unclosed emphasis delimiters and
 * link brackets) once held the server for 28 s and added 950 MiB. Against a real
 * server process: the import runs in the import worker, so once the worker has
 * the file, another client's HTTP request and sync-socket round trip are
 * answered before the import is (the order of events, not a stopwatch); the
 * import ends within its limits (refused 413/400 or created 201), the server's
 * memory stays within the worker's heap limit plus a margin, and it carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/process.js';
import { stockClient, synced, waitFor } from '../../helpers/yclient.js';
import { rssMiB } from './chunked-flood.js';
import { seedDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir.js';

const MB = 1024 * 1024;
const CONVERTING = 'import converting in the worker';

/** About 4.9 MB of the constructs that make Markdown parsers and the document builder work hardest. */
function pathologicalMarkdown(): string {
  const parts: string[] = [];
  for (let i = 0; i < 350; i++) parts.push('> '.repeat(1000) + 'deep quote\n\n'); // 0.7 MB
  for (let i = 0, n = 0; n < 1 * MB; i++) {
    const line = ' '.repeat(2 * (i % 700)) + '- item\n'; // each item one level deeper, 700 deep
    parts.push(line);
    n += line.length;
  }
  parts.push('\n', '*_'.repeat(0.45 * MB), '\n\n'); // 0.9 MB of delimiters that never close
  parts.push('**a _b '.repeat(0.15 * MB), '\n\n');
  parts.push('['.repeat(0.5 * MB), '\n\n'); // brackets that never close
  parts.push('***x***'.repeat(0.1 * MB), '\n'); // emphasis runs
  return parts.join('');
}

describe('pathological Markdown (issue 12 #4)', () => {
  let seeded: SeededDataDir;
  let server: ServerProcess;
  beforeAll(async () => {
    seeded = await seedDataDir();
    server = await startServerProcess({ dataDir: seeded.dataDir, env: { LOG_LEVEL: 'debug' } });
  }, 120_000);
  afterAll(async () => {
    await server?.kill('SIGKILL');
    seeded?.remove();
  });

  it('converts in the worker within its limits while others are answered first', async () => {
    const markdown = pathologicalMarkdown();
    expect(markdown.length).toBeGreaterThan(4.8 * MB);
    expect(markdown.length).toBeLessThan(5 * MB);
    const before = rssMiB(server.child.pid!);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(server.child.pid!))), 50);
    const events: string[] = [];
    const importing = fetch(`${server.url}/api/docs/import?filename=deep.md`, {
      method: 'POST',
      headers: { cookie: seeded.cookie, 'content-type': 'application/octet-stream' },
      body: markdown,
    }).then(async (res) => {
      const body = (await res.json()) as { error?: { message: string } };
      events.push('import answered');
      return { status: res.status, body };
    });
    try {
      await waitFor(() => server.output().includes(CONVERTING) || events.length > 0, 240_000, 'the import to reach the worker');
      expect(events).toEqual([]);
      events.push(`healthz ${(await fetch(`${server.url}/healthz`)).status}`);
      const other = stockClient(server.url, seeded.docId, seeded.cookie);
      try {
        await synced(other, 60_000); // sync step 1 → step 2: a round trip on the socket
        events.push('socket synced');
      } finally {
        other.destroy();
      }
      const result = await importing;
      console.info(
        `pathological Markdown (${(markdown.length / MB).toFixed(1)} MB): ${result.status} ${result.body.error?.message ?? ''}; order: ${events.join(' → ')}; server RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB`,
      );
      expect(events).toEqual(['healthz 200', 'socket synced', 'import answered']);
      expect([201, 400, 413]).toContain(result.status);
    } finally {
      clearInterval(sampler);
    }
    // The worker's heap is capped at 512 MB; its code, young generation and the request come on top.
    expect(peak - before).toBeLessThan(800);
    expect(server.child.exitCode).toBeNull();
    const next = await fetch(`${server.url}/api/docs/import?filename=ok.md`, {
      method: 'POST',
      headers: { cookie: seeded.cookie, 'content-type': 'application/octet-stream' },
      body: '# Fine\n\nA normal file.\n',
    });
    expect(next.status).toBe(201);
  }, 600_000);
});
