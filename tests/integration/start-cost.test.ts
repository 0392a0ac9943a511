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
const FILE_MARK = 'concord-loaded-module ';

/**
 * Loader hooks, as data URLs: every bare specifier resolved anywhere in the
 * process, and every module file loaded through the ES module loader, on stderr.
 */
const hooks = `export async function resolve(specifier, context, next) {
  if (!/^(node:|[./]|file:|data:)/.test(specifier)) process.stderr.write(${JSON.stringify(MARK)} + specifier + '\\n');
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url.startsWith('file:')) process.stderr.write(${JSON.stringify(FILE_MARK)} + url + '\\n');
  return next(url, context);
}`;

/**
 * Module files a default server may load at start. Each is resolved, read and
 * compiled on its own; with the npm packages of the start path loaded from
 * node_modules there were ~300 (zod alone 95), most of start → ready. The build
 * bundles them (server/scripts/build.ts); 23 today.
 */
const MAX_MODULE_FILES_AT_START = 60;
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
    const lines = server.output().split('\n');
    const loaded = new Set(lines.filter((line) => line.startsWith(MARK)).map((line) => packageOf(line.slice(MARK.length).trim())));
    // The hook works: what every server needs (and the bundle leaves external) was seen.
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('pino');
    const unconfigured = ['postgres', 'ioredis', 'nodemailer'];
    const onFirstUse = ['docx', 'fflate', 'mammoth', 'htmlparser2', 'markdown-it', 'sanitize-html'];
    expect([...unconfigured, ...onFirstUse].filter((name) => loaded.has(name))).toEqual([]);
  });

  it(`loads at most ${MAX_MODULE_FILES_AT_START} module files before it is ready (the start path is bundled)`, async () => {
    expect(existsSync(join(REPO_ROOT, BUILT_SERVER)), `${BUILT_SERVER} is missing: run \`pnpm build\` first`).toBe(true);
    dataDir = makeDataDir();
    server = await startServerProcess({ dataDir, entry: 'built', nodeArgs: LOG_RESOLVED });
    const files = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith(FILE_MARK));
    expect(files.some((line) => line.endsWith('/dist/main.js'))).toBe(true);
    // Yjs is in the bundle, once: two copies would break every instanceof check on shared types.
    expect(files.filter((line) => line.includes('/node_modules/.pnpm/yjs@'))).toEqual([]);
    expect(files.length).toBeLessThanOrEqual(MAX_MODULE_FILES_AT_START);
  });
});
