/**
 * Process start → HTTP ready (issue 21): a default server (SQLite, no Redis, no
 * SMTP) must not load the client libraries of engines it was not configured
 * for, nor the export/import stack before the first export or import. Checked
 * by logging every package the process resolves (a Node loader hook), not by
 * timing: the machines are shared and noisy. It runs the bundle `pnpm start`
 * runs (`pnpm build` first): through tsx the sources load the shared package's
 * whole index, which only the bundler prunes.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../helpers/server.js';
import { BUILT_SERVER, REPO_ROOT, startServerProcess, type ServerProcess } from '../helpers/process.js';

const MARK = 'concord-resolved-package ';

/** A loader hook, as data URLs: every bare specifier resolved anywhere in the process, on stderr. */
const hooks = `export async function resolve(specifier, context, next) {
  if (!/^(node:|[./]|file:|data:)/.test(specifier)) process.stderr.write(${JSON.stringify(MARK)} + specifier + '\\n');
  return next(specifier, context);
}`;
const register = `import { register } from 'node:module'; register(${JSON.stringify('data:text/javascript,' + encodeURIComponent(hooks))});`;
const LOG_RESOLVED = ['--import', 'data:text/javascript,' + encodeURIComponent(register)];

/** The package a specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

let server: ServerProcess | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await server?.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  server = dataDir = undefined;
});

describe('what a default server loads at start', () => {
  it('leaves PostgreSQL, Redis, SMTP and the export/import libraries unloaded until they are needed', async () => {
    expect(existsSync(join(REPO_ROOT, BUILT_SERVER)), `${BUILT_SERVER} is missing: run \`pnpm build\` first`).toBe(true);
    dataDir = makeDataDir();
    server = await startServerProcess({ dataDir, entry: 'built', nodeArgs: LOG_RESOLVED });
    const loaded = new Set(
      server
        .output()
        .split('\n')
        .filter((line) => line.startsWith(MARK))
        .map((line) => packageOf(line.slice(MARK.length).trim())),
    );
    // The hook works: what every server needs was seen.
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('yjs');
    const unconfigured = ['postgres', 'ioredis', 'nodemailer'];
    const onFirstUse = ['docx', 'fflate', 'mammoth', 'htmlparser2', 'markdown-it', 'sanitize-html'];
    expect([...unconfigured, ...onFirstUse].filter((name) => loaded.has(name))).toEqual([]);
  });
});
