/**
 * Issue 6, end to end: the HTML export runs no script, even when the document's
 * text is full of script payloads. The payloads go in the way a hostile member
 * would put them: over the sync socket with the stock y-websocket client,
 * including a link mark whose href is `javascript:` (the editor would refuse
 * it; a hand-written client need not). A commissioner agrees to every block so
 * the consensus export holds them all. Chromium then opens the export three
 * ways: as served (real URL, real CSP header), as a file (setContent), and as a
 * file with its CSP meta tag cut out — so the safety does not rest on CSP alone.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { replaceDocContent } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, signedInUser, type SignedIn } from '../helpers/users.js';
import { stockClient, synced } from '../helpers/yclient.js';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';

let browser: TestBrowser;
let server: TestServer | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=1">';
const JS_URL = 'javascript:window.__pwned=1';
const SVG = '<svg onload="window.__pwned=1"></svg>';
const BREAKOUT = '"></p><script>window.__pwned=1</script><p title="';
const IFRAME = '<iframe src="javascript:window.__pwned=1"></iframe>';

const text = (t: string, marks?: unknown[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
const para = (...content: unknown[]) => ({ type: 'paragraph', attrs: { id: randomUUID() }, content });

function payloadDoc() {
  return {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { id: randomUUID(), level: 1 }, content: [text(`Findings ${SCRIPT}`)] },
      para(text(SCRIPT)),
      para(text(IMG)),
      para(
        text('Read '),
        text('the evidence', [{ type: 'link', attrs: { href: JS_URL } }]),
        text(` or paste ${JS_URL} into the address bar.`),
      ),
      { type: 'heading', attrs: { id: randomUUID(), level: 2 }, content: [text(`Annex ${SVG}`)] },
      { type: 'blockquote', content: [para(text(BREAKOUT))] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [para(text(IFRAME))] },
          { type: 'listItem', content: [para(text('Rents & "wages" < 5 *each*'))] },
        ],
      },
    ],
  };
}

/** What a page exposes about script: set by a payload, script elements, inline handlers, javascript: URLs. */
async function inspect(page: Page) {
  // No wait: an <img onerror> or <svg onload> fires before the page's load event, which every
  // caller waited for (goto / setContent, waitUntil 'load': the image delays it until its error
  // event has run); the control at the end of the test shows the check then sees one.
  return page.evaluate(() => {
    const all = Array.from(document.querySelectorAll('*'));
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      scripts: document.querySelectorAll('script').length,
      embeds: document.querySelectorAll('iframe, object, embed, svg, img').length,
      handlers: all.flatMap((el) =>
        Array.from(el.attributes)
          .filter((a) => /^on/i.test(a.name))
          .map((a) => `${el.tagName}.${a.name}`),
      ),
      scriptUrls: all.flatMap((el) =>
        Array.from(el.attributes)
          .filter((a) => /^\s*(javascript|data|vbscript):/i.test(a.value) && a.name !== 'content')
          .map((a) => `${el.tagName}.${a.name}`),
      ),
      links: Array.from(document.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? ''),
      text: document.body.innerText,
    };
  });
}

function expectInert(result: Awaited<ReturnType<typeof inspect>>) {
  expect(result.pwned).toBeUndefined();
  expect(result.scripts).toBe(0);
  expect(result.embeds).toBe(0);
  expect(result.handlers).toEqual([]);
  expect(result.scriptUrls).toEqual([]);
  for (const href of result.links) expect(href).toMatch(/^(#|https?:|mailto:)/);
  // The payloads are there, as text a reader can see.
  for (const payload of [SCRIPT, IMG, JS_URL, SVG, IFRAME, '"></p><script>', 'Rents & "wages" < 5 *each*'])
    expect(result.text).toContain(payload);
}

async function agreeToEverything(docId: string, commissioner: SignedIn, expectedBlocks: number) {
  let blocks: { id: string; fingerprint: string }[] = [];
  const start = Date.now();
  while (blocks.length !== expectedBlocks) {
    if (Date.now() - start > 30_000) throw new Error(`server holds ${blocks.length} blocks, expected ${expectedBlocks}`);
    blocks = (await api(server!, commissioner.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks ?? [];
    if (blocks.length !== expectedBlocks) await new Promise((r) => setTimeout(r, 50));
  }
  for (const b of blocks) {
    const res = await api(server!, commissioner.cookie, 'PUT', `/api/docs/${docId}/blocks/${b.id}/vote`, {
      stance: 'agree',
      fingerprint: b.fingerprint,
    });
    expect(res.status).toBe(200);
  }
}

describe('HTML export in Chromium', () => {
  it('runs no script from document text, served with its CSP, opened as a file, and with the CSP cut out', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Ada Author');
    const commissioner = await signedInUser(server, 'Cleo Commissioner');
    const docId = await createDocWithMembers(server, author, [{ user: commissioner.user, role: 'commissioner' }], `Report ${SCRIPT}`);

    // A hostile member writes the payloads over the sync socket with the stock client.
    const client = stockClient(server.url, docId, author.cookie);
    try {
      await synced(client);
      replaceDocContent(client.doc, payloadDoc());
      await agreeToEverything(docId, commissioner, 8);
    } finally {
      client.destroy();
    }

    const exported = await fetch(`${server.url}/api/docs/${docId}/export?format=html&scope=consensus&record=1`, {
      headers: { cookie: author.cookie },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await exported.text();
    // Every payload block is agreed, so the consensus export holds them all.
    expect(html).toContain('Findings &lt;script&gt;');
    expect(html).toContain('the evidence');
    expect(html).not.toMatch(/<script|<img|<svg|<iframe|javascript:[^<]*"/i);
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((tag) => /\son[a-z]+\s*=/i.test(tag))).toEqual([]);

    const context = await browser.browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('dialog', (dialog) => (errors.push(`dialog: ${dialog.message()}`), void dialog.dismiss()));

      // 1. The real export URL, with the server's headers (CSP included). The
      //    server sends it as an attachment; the route only drops that header so
      //    Chromium renders the page instead of saving it.
      const [, value] = /concord_session=([^;]+)/.exec(author.cookie)!;
      await context.addCookies([{ name: 'concord_session', value: value!, url: server.url }]);
      const exportUrl = `${server.url}/api/docs/${docId}/export?format=html&scope=draft`;
      await page.route(exportUrl, async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['content-disposition'];
        await route.fulfill({ response, headers });
      });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const response = await page.goto(exportUrl, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
      expect(await page.title()).toContain(SCRIPT);
      expectInert(await inspect(page));
      // Nothing was fetched but the page itself (no <img src=x>, no frames).
      expect(requests).toEqual([exportUrl]);
      await page.screenshot({ path: '/tmp/concord-e2e-export-html.png', fullPage: true });
      await page.unroute(exportUrl);

      // 2. Opened as a saved file (about:blank origin, only the CSP meta tag).
      await page.goto('about:blank');
      await page.setContent(html, { waitUntil: 'load' });
      expectInert(await inspect(page));

      // 3. With the CSP meta tag cut out: the escaping alone keeps it inert.
      const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');
      expect(withoutCsp).not.toBe(html);
      await page.goto('about:blank');
      await page.setContent(withoutCsp, { waitUntil: 'load' });
      expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(0);
      expectInert(await inspect(page));
      // The unsafe link is text, not a link; the reader still sees its words.
      const evidence = page.locator('main p', { hasText: 'the evidence' });
      expect(await evidence.count()).toBe(1);
      expect(await evidence.locator('a').count()).toBe(0);

      expect(errors).toEqual([]);

      // Control: the same checks do see a payload that is live, so the passes above mean something.
      await page.goto('about:blank');
      await page.setContent(`<p>${IMG}</p>`, { waitUntil: 'load' });
      expect((await inspect(page)).pwned).toBe(1);
    } finally {
      await context.close();
    }
  });
});
