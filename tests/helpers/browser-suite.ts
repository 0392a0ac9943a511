/**
 * The hooks every browser test file shares: one Chromium per file; after each
 * test, its browser contexts are closed and `afterEachTest` runs (stop the
 * test's server).
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, type Person, type TestBrowser } from './browser.js';

export interface BrowserSuite {
  /** The file's Chromium (available inside tests). */
  readonly browser: Browser;
  /** People (browser contexts) opened by the current test; closed after it. */
  readonly people: Person[];
}

export function useBrowserSuite(afterEachTest: () => Promise<void> | void = () => {}): BrowserSuite {
  let launched: TestBrowser | undefined;
  const people: Person[] = [];
  beforeAll(async () => {
    launched = await launchBrowser();
  });
  afterAll(async () => {
    await launched?.close();
  });
  afterEach(async () => {
    for (const p of people.splice(0)) await p.context.close();
    await afterEachTest();
  });
  return {
    get browser() {
      if (!launched) throw new Error('the browser starts in beforeAll: use it inside tests');
      return launched.browser;
    },
    people,
  };
}
