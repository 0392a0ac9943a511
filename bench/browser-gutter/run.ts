/**
 * Does the consensus gutter add typing lag? A 150-page report (1,500 blocks,
 * ~75,000 words) with 16 commissioners' votes on every block, opened in
 * Chromium as one commissioner, who types into a paragraph in the middle.
 * Per keystroke we measure keydown → the frame after it (rAF, then a task),
 * first with the gutter, then on the same page with the gutter's plugin
 * unregistered, so the difference is the gutter's cost.
 *
 *   pnpm -C client build && cd bench && node --import tsx browser-gutter/run.ts
 *
 * Not a test: the numbers go to stdout and browser-gutter/results.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { extractBlocks, updateFromProseMirrorJSON, type DocSource } from '@concord/shared';
import { configFromEnv } from '@concord/server/config';
import { startServer } from '@concord/server/app';
import { createLogger } from '@concord/server/logger';
import { addUser } from '@concord/server/auth/accounts';
import { createDocument } from '@concord/server/docs/create-document';

const BLOCKS = Number(process.env.BLOCKS ?? 1500);
const COMMISSIONERS = 16;
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 120);
const PASSWORD = 'bench password 1';

type Json = Record<string, unknown>;

/** ~50 words per paragraph, a heading every 12 blocks, some lists: about 75,000 words at 1,500 blocks. */
function report(blocks: number): Json {
  const words =
    'the commission recommends that pay training and working time in the care sector be set fairly and that public contracts cover the full cost of care for every person'.split(
      ' ',
    );
  const content: Json[] = [];
  for (let i = 0; i < blocks; i++) {
    const id = `b${i}`;
    if (i % 12 === 0) {
      content.push({
        type: 'heading',
        attrs: { id, level: i % 48 === 0 ? 2 : 3 },
        content: [{ type: 'text', text: `Section ${i / 12 + 1}` }],
      });
      continue;
    }
    const text = Array.from({ length: 50 }, (_, w) => words[(i * 7 + w) % words.length]).join(' ');
    const paragraph = { type: 'paragraph', attrs: { id }, content: [{ type: 'text', text: `${i}. ${text}.` }] };
    content.push(i % 12 === 6 ? { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph] }] } : paragraph);
  }
  return { type: 'doc', content };
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1), over16ms: sorted.filter((v) => v > 16).length };
}

/** In the page (as source text: this package is type-checked without the DOM library). */
const INSTALL_PROBE = `(() => {
  window.__lat = [];
  if (window.__listening) return;
  window.__listening = true;
  document.querySelector('.ProseMirror').addEventListener('keydown', () => {
    const t0 = performance.now();
    requestAnimationFrame(() => setTimeout(() => window.__lat.push(performance.now() - t0), 0));
  }, true);
})()`;
const READ_PROBE = 'window.__lat';
const COUNT_AGREED = 'document.querySelectorAll(\'[data-testid="gutter-marker"][data-status="agreed"]\').length';
const UNREGISTER_GUTTER = "void document.querySelector('.ProseMirror').editor.unregisterPlugin('consensusGutter')";

const CARET_BLOCK = "window.getSelection()?.anchorNode?.parentElement?.closest('[data-id]')?.dataset.id ?? null";

/** Clicks at the end of a paragraph's first line; again if a late sync moved the caret away. */
async function putCaretIn(page: Page, blockId: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.click(`p[data-id="${blockId}"]`);
    await page.keyboard.press('End');
    await page.waitForTimeout(300);
    if ((await page.evaluate(CARET_BLOCK)) === blockId) return;
  }
  throw new Error(`could not put the caret in ${blockId}`);
}

async function typeAndMeasure(page: Page, text: string): Promise<number[]> {
  await page.evaluate(INSTALL_PROBE);
  await page.keyboard.type(text, { delay: 45 });
  await page.waitForTimeout(300);
  return (await page.evaluate(READ_PROBE)) as number[];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'concord-gutter-bench-'));
  const config = configFromEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: 'false', LOG_LEVEL: 'silent' });
  const server = await startServer(config, { logger: createLogger(config.logLevel) });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const { stores } = server.services;
    const author = await addUser(stores.accounts, { email: 'author@bench.concord', name: 'Report Author', password: PASSWORD });
    const people = [];
    for (let i = 0; i < COMMISSIONERS; i++)
      people.push(await addUser(stores.accounts, { email: `c${i}@bench.concord`, name: `Commissioner ${i + 1}`, password: PASSWORD }));
    const json = report(BLOCKS);
    const doc = await createDocument(stores, {
      title: 'Benchmark report',
      authorId: author.id,
      initialUpdate: updateFromProseMirrorJSON(json),
    });
    for (const p of people) await stores.members.setMember(doc.id, p.id, 'commissioner');
    const blocks = extractBlocks(json as unknown as DocSource);
    const started = Date.now();
    for (const block of blocks) {
      for (const p of people) {
        await stores.consensus.putVote({
          docId: doc.id,
          blockId: block.id!,
          userId: p.id,
          stance: 'agree',
          reason: null,
          fingerprint: block.fingerprint,
          text: block.text,
          at: new Date().toISOString(),
        });
      }
    }
    const words = blocks.reduce((n, b) => n + b.text.split(/\s+/).length, 0);
    console.log(`${blocks.length} blocks, ${words} words, ${blocks.length * COMMISSIONERS} votes (stored in ${Date.now() - started} ms)`);

    // bypassCSP: the probes below are source text, which the app's CSP (rightly) refuses to eval.
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1400, height: 900 }, bypassCSP: true });
    const login = await context.request.post('/api/auth/login', { data: { email: people[0]!.email, password: PASSWORD } });
    if (!login.ok()) throw new Error(`login ${login.status()}`);
    const page = await context.newPage();
    const opened = Date.now();
    await page.goto(`/d/${doc.id}`);
    // The gutter decorates the blocks around the viewport (60 either side), not all 1,500.
    await page.waitForFunction(`${COUNT_AGREED} >= 60`, undefined, { timeout: 120_000 });
    const openMs = Date.now() - opened;
    console.log(`open → markers drawn: ${openMs} ms`);

    const middle = `b${Math.floor(BLOCKS / 2) + 1}`;
    await putCaretIn(page, middle);
    const sentence = ' and the commission will review this again next year'.repeat(4).slice(0, KEYSTROKES);
    const cdp = process.env.PROFILE ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const withGutter = await typeAndMeasure(page, sentence);
    if (cdp) writeFileSync(process.env.PROFILE!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const decorated = (await page.evaluate(COUNT_AGREED)) as number;
    const staleShown = await page.getAttribute(`[data-testid="gutter-marker"][data-block-id="${middle}"]`, 'data-stale');

    await page.evaluate(UNREGISTER_GUTTER);
    await putCaretIn(page, `b${Math.floor(BLOCKS / 2) + 3}`);
    if (cdp) await cdp.send('Profiler.start');
    const withoutGutter = await typeAndMeasure(page, sentence);
    if (cdp)
      writeFileSync(
        process.env.PROFILE!.replace(/(\.cpuprofile)?$/, '-baseline.cpuprofile'),
        JSON.stringify((await cdp.send('Profiler.stop')).profile),
      );

    const result = {
      when: new Date().toISOString(),
      blocks: blocks.length,
      words,
      commissioners: COMMISSIONERS,
      votes: blocks.length * COMMISSIONERS,
      openToMarkersMs: openMs,
      decoratedBlocks: decorated,
      typedParagraphShownStale: staleShown === 'true',
      keystrokeToFrameMs: { withGutter: stats(withGutter), withoutGutter: stats(withoutGutter) },
    };
    console.log(JSON.stringify(result, null, 2));
    writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
