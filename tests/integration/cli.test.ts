/**
 * `pnpm concord …` as a real process on a real data dir, alone and next to a
 * running server (SQLite WAL: both write the same file).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { addUser } from '@concord/server/auth/accounts';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { makeDataDir, startTestServer, type TestServer } from '../helpers/server.js';
import { api, login } from '../helpers/users.js';
import { REPO_ROOT, runCliProcess, type CliResult } from '../helpers/process.js';
import { stockClient, waitFor, type StockClient } from '../helpers/yclient.js';

const dirs: string[] = [];
let server: TestServer | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = makeDataDir();
  dirs.push(dir);
  return dir;
}

const concord = (dir: string, args: string[], input?: string) =>
  runCliProcess(args, { env: { DATA_DIR: dir }, ...(input !== undefined ? { input } : {}) });

function expectNoStack(r: CliResult): void {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).not.toMatch(/^\s+at /m);
}

// Each test spawns several processes: generous limits for a loaded 2-core machine (a few seconds when idle).
describe('concord CLI (real process)', { timeout: 180_000 }, () => {
  it('adds users (password flag or stdin), creates a document, manages members', async () => {
    const dir = dataDir();
    const ada = await concord(dir, ['user', 'add', '--email', 'ada@example.org', '--name', 'Ada', '--password', 'analytical engine']);
    expect(ada).toMatchObject({ code: 0, stderr: '' });
    expect(ada.stdout).toMatch(/^Added user ada@example\.org \(Ada\), id u_\S+\n$/);
    // Not a terminal: the password is the first line of stdin, never echoed.
    const bob = await concord(dir, ['user', 'add', '--email', 'bob@example.org', '--name', 'Bob'], 'from stdin 123\nignored\n');
    expect(bob.code).toBe(0);
    expect(bob.stdout + bob.stderr).not.toContain('from stdin');

    const created = await concord(dir, ['doc', 'create', '--title', 'Annual report', '--author', 'ada@example.org']);
    expect(created.code).toBe(0);
    const docId = created.stdout.trim();
    expect(docId).toMatch(/^d_[\w-]+$/);
    expect(created.stdout).toBe(`${docId}\n`); // only the id: `ID=$(pnpm -s concord doc create …)`

    // Listing and removal are covered in-process (server/test/cli); one of each here, side by side.
    const [added, users] = await Promise.all([
      concord(dir, ['member', 'add', '--doc', docId, '--email', 'bob@example.org', '--role', 'observer']),
      concord(dir, ['user', 'list']),
    ]);
    expect(added).toMatchObject({ code: 0, stdout: 'bob@example.org is now observer of "Annual report"\n' });
    expect(users.stdout).toMatch(/ada@example\.org\s+Ada\s+u_/);
    expect(users.stdout).toMatch(/bob@example\.org\s+Bob\s+u_/);
    const members = await concord(dir, ['member', 'list', '--doc', docId]);
    expect(members.stdout).toMatch(/ada@example\.org\s+Ada\s+author/);
    expect(members.stdout).toMatch(/bob@example\.org\s+Bob\s+observer/);
  });

  // Every message is checked in-process by server/test/cli/run.test.ts; here the exit codes and streams of a real process.
  it('fails with a clear message, a non-zero exit code and no stack trace', async () => {
    const dir = dataDir();
    await concord(dir, ['user', 'add', '--email', 'ada@example.org', '--name', 'Ada', '--password', 'analytical engine']);
    const cases: { args: string[]; input?: string; code: number; message: string }[] = [
      {
        args: ['user', 'add', '--email', 'ADA@example.org', '--name', 'Again', '--password', 'whatever123'],
        code: 1,
        message: 'a user with email ada@example.org already exists',
      },
      { args: ['user', 'add', '--email', 'x@example.org', '--name', 'X'], input: '', code: 1, message: 'no password given' },
      { args: ['doc', 'frobnicate'], code: 2, message: 'unknown command "doc frobnicate"' },
    ];
    const results = await Promise.all(cases.map((c) => concord(dir, c.args, c.input)));
    results.forEach((r, i) => {
      expect(r.code, cases[i]!.args.join(' ')).toBe(cases[i]!.code);
      expect(r.stderr).toContain(cases[i]!.message);
      expectNoStack(r);
    });
  });

  it('works on the data dir of a running server: a user it adds can sign in, members it adds can connect', async () => {
    const dir = dataDir();
    server = await startTestServer({ dataDir: dir });
    const add = await concord(dir, ['user', 'add', '--email', 'Cleo@Example.org', '--name', 'Cleo', '--password', 'cleopatra vii']);
    expect(add.code).toBe(0);
    await addUser(server.services.stores.accounts, { email: 'dan@example.org', name: 'Dan', password: 'dan the man' });

    // The server sees the new account at once and the password works over HTTP.
    const cookie = await login(server, 'cleo@example.org', 'cleopatra vii');
    expect((await api(server, cookie, 'GET', '/api/me')).body.user).toMatchObject({ email: 'cleo@example.org', name: 'Cleo' });

    const docId = (await concord(dir, ['doc', 'create', '--title', 'Live', '--author', 'cleo@example.org'])).stdout.trim();
    expect((await api(server, cookie, 'GET', '/api/docs')).body.docs.map((d: { id: string }) => d.id)).toEqual([docId]);

    // Dan is not a member yet: his socket is refused; after `member add` it syncs.
    const dan = await login(server, 'dan@example.org', 'dan the man');
    const refused = stockClient(server.url, docId, dan);
    clients.push(refused);
    await waitFor(() => refused.closeEvents.length > 0, 30_000, 'refusal');
    expect(refused.closeEvents[0]!.code).toBe(4404);
    refused.destroy();
    expect((await concord(dir, ['member', 'add', '--doc', docId, '--email', 'dan@example.org', '--role', 'commissioner'])).code).toBe(0);
    expect((await api(server, dan, 'GET', `/api/docs/${docId}`)).body.role).toBe('commissioner');
    const accepted = stockClient(server.url, docId, dan);
    clients.push(accepted);
    await waitFor(() => accepted.provider.synced, 30_000, 'sync after member add');

    // Resetting a password signs the user out of the running server.
    const reset = await concord(dir, ['user', 'reset-password', '--email', 'cleo@example.org'], 'a brand new one\n');
    expect(reset.code).toBe(0);
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(401);
    await expect(login(server, 'cleo@example.org', 'cleopatra vii')).rejects.toThrow(/401/);
    await login(server, 'cleo@example.org', 'a brand new one');
  });

  it('runs as `pnpm concord` from the repository root', async () => {
    const dir = dataDir();
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn('pnpm', ['-s', 'concord', 'doc', 'create', '--title', 'Via pnpm'], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATA_DIR: dir },
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^d_[\w-]+\n$/);
    // Written where DATA_DIR says, not into the repository.
    const stores = openSqliteStores(join(dir, 'concord.sqlite'));
    expect((await stores.docs.getDoc(result.stdout.trim()))?.title).toBe('Via pnpm');
    await stores.close();
  });
});
