/**
 * Waiting for a page to be laid out as it stays, instead of sleeping a few hundred
 * milliseconds and hoping (a loaded machine stretches any fixed delay; an idle one
 * wastes it). Settled means, all at once: the web fonts are loaded (they change every
 * width), no request of the page is unanswered (what it fetched is rendered), no finite
 * transition or animation runs, and the layout is the same in two frames in a row.
 */
import type { Page, Request } from 'playwright-core';

/** Each tracked page's requests (fetches, scripts, fonts…; not its sockets) still unanswered. */
const unanswered = new WeakMap<Page, Set<Request>>();

/**
 * Starts counting the page's unanswered requests; `newPerson` does it for every page it
 * opens. A page tracked late sees only the requests sent after that.
 */
export function trackRequests(page: Page): Set<Request> {
  const tracked = unanswered.get(page);
  if (tracked) return tracked;
  const requests = new Set<Request>();
  unanswered.set(page, requests);
  page.on('request', (r) => requests.add(r));
  page.on('requestfinished', (r) => requests.delete(r));
  page.on('requestfailed', (r) => requests.delete(r));
  return requests;
}

/** Resolves once none of the page's requests is unanswered. */
function noneUnanswered(page: Page, open: Set<Request>, timeout: number): Promise<void> {
  if (open.size === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (open.size > 0) return;
      stop();
      resolve();
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`requests unanswered after ${timeout} ms: ${[...open].map((r) => r.url()).join(', ')}`));
    }, timeout);
    const stop = () => {
      clearTimeout(timer);
      page.off('requestfinished', check);
      page.off('requestfailed', check);
    };
    // Registered after the tracker's own listeners: they have removed the request when this runs.
    page.on('requestfinished', check);
    page.on('requestfailed', check);
  });
}

/** In the page: true once the layout (scroll size, element count, boxes that have a test id or sit in the header) is what it was a frame ago. */
function layoutUnchanged(): boolean {
  const w = window as unknown as { __lastLayout?: string };
  const s = document.scrollingElement ?? document.documentElement;
  const parts: (string | number)[] = [s.scrollWidth, s.scrollHeight, document.getElementsByTagName('*').length];
  for (const el of Array.from(document.querySelectorAll('[data-testid], .app-header *'))) {
    const r = el.getBoundingClientRect();
    parts.push(r.left, r.top, r.width, r.height);
  }
  const now = parts.join(',');
  const same = w.__lastLayout === now;
  w.__lastLayout = now;
  return same;
}

/**
 * Waits until no finite CSS transition or animation runs on the page (an endless one, a
 * busy bar, is left alone): what is measured then is what stays, however late a loaded
 * machine started them.
 */
export async function waitForStill(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    undefined,
    { timeout },
  );
}

/** Waits until the page is settled (see the top of this file). */
export async function waitForSettled(page: Page, timeout = 30_000): Promise<void> {
  const open = trackRequests(page);
  const deadline = Date.now() + timeout;
  const left = () => Math.max(1, deadline - Date.now());
  for (;;) {
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await noneUnanswered(page, open, left());
    await waitForStill(page, left());
    await page.evaluate(() => delete (window as unknown as { __lastLayout?: string }).__lastLayout);
    await page.waitForFunction(layoutUnchanged, undefined, { polling: 'raf', timeout: left() });
    // What was answered meanwhile may have sent more: settled only when nothing did.
    if (open.size === 0) return;
  }
}
