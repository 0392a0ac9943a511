/**
 * The browser bundle: sizes of the built client (raw and gzip, per file) and
 * the time to interactive of the sign-in page and the editor, for one or more
 * builds side by side (issue 15 #4).
 *
 *   pnpm -C bench bundle                                 # client/dist
 *   pnpm -C bench bundle --dist before=/tmp/old-dist --dist after=../client/dist --reps 7
 *
 * Each build is served by a real Concord server (CLIENT_DIST, demo data in a
 * temp dir). Every measurement uses a fresh browser context: an empty HTTP
 * cache and no service worker, i.e. a first visit.
 *   - sign-in interactive: navigation start → the Email field is on screen and
 *     accepts typing (the React page has rendered and hydrated its handlers);
 *   - editor interactive: navigation start (session cookie already set) → the
 *     editor is contenteditable and holds the demo report's text.
 * Also counted: JavaScript bytes each page downloaded (encoded, i.e. gzip as sent).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { configFromEnv } from '@concord/server/config';
import { startServer, type RunningServer } from '@concord/server/app';
import { createLogger } from '@concord/server/logger';
import { DEMO_PASSWORD } from '@concord/server/demo/seed';
import { CHROMIUM_ARGS, findChromium } from '../../tests/helpers/chromium.js';
import { median } from '../lib/stats.js';

interface Build {
  label: string;
  dist: string;
}

function parse(argv: string[]): { builds: Build[]; reps: number } {
  const builds: Build[] = [];
  let reps = 5;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dist') {
      const [label, dist] = (argv[++i] ?? '').split('=');
      if (!label || !dist) throw new Error('--dist LABEL=DIR');
      builds.push({ label, dist: resolve(dist) });
    } else if (argv[i] === '--reps') reps = Number(argv[++i]);
  }
  if (builds.length === 0) builds.push({ label: 'client/dist', dist: resolve(import.meta.dirname, '../../client/dist') });
  return { builds, reps };
}

interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

function sizes(dist: string): FileSize[] {
  const dir = join(dist, 'assets');
  return readdirSync(dir)
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      return { file: f, raw: statSync(join(dir, f)).size, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.raw - a.raw);
}

/** Encoded JavaScript bytes the page downloads until `until` resolves. */
async function jsBytes(page: Page, until: () => Promise<void>): Promise<number> {
  let total = 0;
  const pending: Promise<void>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    if (!response.url().endsWith('.js')) return;
    pending.push(
      response
        .request()
        .sizes()
        .then(
          (s) => void (total += s.responseBodySize),
          () => undefined,
        ),
    );
  };
  page.on('response', onResponse);
  await until();
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  await Promise.all(pending);
  return total;
}

async function signInInteractive(browser: Browser, server: RunningServer): Promise<{ ms: number; js: number }> {
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const page = await context.newPage();
    let ms = 0;
    const js = await jsBytes(page, async () => {
      await page.goto('/signin');
      const email = page.getByLabel('Email');
      await email.fill('a'); // waits until visible, enabled and editable
      ms = await page.evaluate(() => performance.now());
    });
    return { ms, js };
  } finally {
    await context.close();
  }
}

async function editorInteractive(
  browser: Browser,
  server: RunningServer,
  cookie: string,
  docId: string,
): Promise<{ ms: number; js: number }> {
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const [name, ...value] = cookie.split('=');
    await context.addCookies([{ name: name!, value: value.join('='), url: server.url }]);
    const page = await context.newPage();
    let ms = 0;
    const js = await jsBytes(page, async () => {
      await page.goto(`/d/${docId}`);
      // bench/ is type-checked without the DOM library, hence the cast; a function, not a string (the CSP forbids eval).
      type PageGlobal = { document: { querySelector(s: string): { textContent: string | null } | null } };
      await page.waitForFunction(() => {
        const el = (globalThis as unknown as PageGlobal).document.querySelector(
          '[data-testid="editor"] [contenteditable="true"], [data-testid="editor"][contenteditable="true"]',
        );
        return el !== null && (el.textContent ?? '').length > 200;
      });
      ms = await page.evaluate(() => performance.now());
    });
    return { ms, js };
  } finally {
    await context.close();
  }
}

async function demoSession(server: RunningServer): Promise<{ cookie: string; docId: string }> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'author@demo.concord', password: DEMO_PASSWORD }),
  });
  const cookie = /concord_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`demo sign-in failed: ${res.status}`);
  const docs = (await (await fetch(`${server.url}/api/docs`, { headers: { cookie } })).json()) as { docs: { id: string }[] };
  const docId = docs.docs[0]?.id;
  if (!docId) throw new Error('no demo document');
  return { cookie, docId };
}

const { builds, reps } = parse(process.argv.slice(2));
const found = await findChromium();
const browser = await chromium.launch({ executablePath: found.executablePath, args: CHROMIUM_ARGS });
const results = [];
try {
  for (const build of builds) {
    const dataDir = mkdtempSync(join(tmpdir(), 'concord-bundle-bench-'));
    const config = configFromEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: 'true',
      LOG_LEVEL: 'silent',
      CLIENT_DIST: build.dist,
    });
    const server = await startServer(config, { logger: createLogger('silent') });
    try {
      const { cookie, docId } = await demoSession(server);
      await signInInteractive(browser, server); // warm-up: server-side caches, not measured
      const signIn = [];
      const editor = [];
      for (let i = 0; i < reps; i++) {
        signIn.push(await signInInteractive(browser, server));
        editor.push(await editorInteractive(browser, server, cookie, docId));
      }
      const files = sizes(build.dist);
      results.push({
        build: build.label,
        files,
        totalRaw: files.reduce((n, f) => n + f.raw, 0),
        totalGzip: files.reduce((n, f) => n + f.gzip, 0),
        signInMs: median(signIn.map((r) => r.ms)),
        signInJsBytes: median(signIn.map((r) => r.js)),
        editorMs: median(editor.map((r) => r.ms)),
        editorJsBytes: median(editor.map((r) => r.js)),
        signInRuns: signIn.map((r) => Math.round(r.ms)),
        editorRuns: editor.map((r) => Math.round(r.ms)),
      });
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`Chromium: ${found.source} (${browser.version()}); ${reps} cold visits per page, medians`);
for (const r of results) {
  console.log(`\n${r.build}: ${r.files.length} files, ${kb(r.totalRaw)} raw, ${kb(r.totalGzip)} gzip`);
  for (const f of r.files) console.log(`  ${f.file.padEnd(44)} ${kb(f.raw).padStart(12)} ${kb(f.gzip).padStart(12)}`);
  console.log(`  sign-in interactive ${r.signInMs.toFixed(0)} ms (runs ${r.signInRuns.join(', ')}), JS downloaded ${kb(r.signInJsBytes)}`);
  console.log(`  editor interactive  ${r.editorMs.toFixed(0)} ms (runs ${r.editorRuns.join(', ')}), JS downloaded ${kb(r.editorJsBytes)}`);
}
