/**
 * Issue 12 #13: two servers on one DATA_DIR lost acknowledged edits (each
 * compacts and deletes what the other logged). A second server process on a
 * data directory in use refuses to start with a clear message; the CLI still
 * works beside the running server; once the first is gone (even by kill -9) a
 * new one starts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCliProcess, startServerProcess, type ServerProcess } from '../../helpers/process.js';
import { seedDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir.js';

const started: ServerProcess[] = [];
let seeded: SeededDataDir | undefined;

afterAll(async () => {
  for (const s of started) await s.kill('SIGKILL');
  seeded?.remove();
});

describe('one server per data directory (issue 12 #13)', () => {
  it('a second server refuses to start; the CLI works beside the first; after kill -9 a new one starts', { timeout: 240_000 }, async () => {
    seeded = await seedDataDir();
    const first = await startServerProcess({ dataDir: seeded.dataDir });
    started.push(first);

    const second = await startServerProcess({ dataDir: seeded.dataDir }).then(
      (s) => {
        started.push(s);
        return undefined;
      },
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    expect(second, 'the second server must not start').toBeDefined();
    expect(second).toContain('already using the data directory');

    const cli = await runCliProcess(['user', 'list'], { env: { DATA_DIR: seeded.dataDir } });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(seeded.people[0]!.user.email);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

    await first.kill('SIGKILL');
    const third = await startServerProcess({ dataDir: seeded.dataDir });
    started.push(third);
    expect((await fetch(`${third.url}/healthz`)).status).toBe(200);
  });
});
