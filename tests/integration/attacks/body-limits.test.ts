/**
 * Issue 12 #5: a chunked body has no Content-Length, and was read whole before
 * the size check (200 MB to the sign-in endpoint grew the server from 206 to
 * 813 MiB before its 413). Against a real server process over real HTTP: the
 * server answers 413 once the bytes it actually read pass the limit, long before
 * the sender is done, and its memory stays within a stated bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/process.js';
import { seedDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir.js';
import { chunkedFlood, rssMiB } from './chunked-flood.js';

const MiB = 1024 * 1024;
let seeded: SeededDataDir;
let server: ServerProcess;

beforeAll(async () => {
  seeded = await seedDataDir();
  server = await startServerProcess({ dataDir: seeded.dataDir });
});

afterAll(async () => {
  await server?.kill('SIGKILL');
  seeded?.remove();
});

describe('request bodies are bounded by the bytes read (issue 12 #5)', () => {
  const cases: { name: string; path: string; signedIn: boolean; limit: number }[] = [
    { name: 'sign-in, before any session', path: '/api/auth/login', signedIn: false, limit: 64 * 1024 },
    { name: 'import, signed out', path: '/api/docs/import?filename=a.md', signedIn: false, limit: 64 * 1024 },
    { name: 'a JSON endpoint, signed in', path: '/api/docs', signedIn: true, limit: 64 * 1024 },
    { name: 'import, signed in', path: '/api/docs/import?filename=a.md', signedIn: true, limit: 20 * MiB + 64 * 1024 },
  ];
  for (const { name, path, signedIn, limit } of cases) {
    it(`${name}: 413 after about ${Math.round(limit / 1024)} KiB of a 200 MB chunked body`, async () => {
      const before = rssMiB(server.child.pid!);
      const headers: Record<string, string> = { 'content-type': path.includes('import') ? 'text/markdown' : 'application/json' };
      if (signedIn) headers.cookie = seeded.cookie;
      const result = await chunkedFlood(server.url, path, headers, 200 * MiB);
      const growth = rssMiB(server.child.pid!) - before;
      console.info(
        `${name}: ${result.status} after ${(result.sent / MiB).toFixed(1)} MiB sent; server RSS ${before.toFixed(0)} MiB, +${growth.toFixed(0)} MiB`,
      );
      expect(result.status).toBe(413);
      // The answer comes while the sender is still sending: the limit plus what
      // the kernel's socket buffers hold, nowhere near 200 MB.
      expect(result.sent).toBeLessThan(limit + 16 * MiB);
      expect(growth).toBeLessThan((limit / MiB) * 3 + 64);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  }
});
