/**
 * Chromium for end-to-end tests, driven by playwright-core (no browser download:
 * the one found by ./chromium.ts — CHROMIUM_PATH, the system's, or the npm
 * package's). Each test opens fresh contexts: one context = one person, with
 * their own cookies, IndexedDB and service worker.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';
import { trackRequests } from './settled-page.js';

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Playwright gives the browser a fresh temporary profile of its own (and removes it on close). */
export async function launchBrowser(): Promise<TestBrowser> {
  // The e2e project's globalSetup found it once for the run; elsewhere, find it here.
  const executablePath = inject('chromiumPath') ?? (await findChromium()).executablePath;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  return { browser, close: () => browser.close() };
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen on the page (for diagnosis). */
  errors: string[];
}

/** A fresh context (cookies, storage) with one page, at a desktop size. */
export async function newPerson(browser: Browser, baseUrl: string): Promise<Person> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  trackRequests(page); // for waitForSettled (settled-page.ts)
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return { context, page, errors };
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, email: string, password: string, path = '/'): Promise<void> {
  await page.goto(path);
  await page.waitForURL(/\/signin/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

export async function newSignedInPerson(browser: Browser, baseUrl: string, email: string, password: string, path = '/'): Promise<Person> {
  const person = await newPerson(browser, baseUrl);
  await signIn(person.page, email, password, path);
  return person;
}

// --- the editor page -----------------------------------------------------------------

export const editorSelector = '[data-testid="editor"]';

/**
 * The document's text as a reader sees it: other people's carets are left out
 * (their name labels are text in the DOM too). Runs in the page.
 */
function readerText({ selector, text }: { selector: string; text?: string }): string | boolean {
  const el = document.querySelector(selector);
  if (!el) return text === undefined ? '' : false;
  const copy = el.cloneNode(true) as HTMLElement;
  copy
    .querySelectorAll('.collaboration-carets__caret, .collaboration-carets__label, .ProseMirror-separator, .ProseMirror-trailingBreak')
    .forEach((n) => n.remove());
  const content = (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text === undefined ? content : content.includes(text);
}

export async function editorText(page: Page): Promise<string> {
  return (await page.evaluate(readerText, { selector: editorSelector })) as string;
}

/** Waits until the document text (carets left out) contains `text`. */
export async function waitForText(page: Page, text: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(readerText, { selector: editorSelector, text }, { timeout });
}

/** Puts the caret at the very end of the document and types there. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator(editorSelector).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text, { delay: 15 });
}

export async function waitForSaveState(page: Page, state: 'saved' | 'unsaved' | 'offline' | 'readonly', timeout = 30_000): Promise<void> {
  await page.waitForSelector(`[data-testid="save-status"][data-state="${state}"]`, { timeout });
}

export async function waitForConnection(
  page: Page,
  state: 'connected' | 'reconnecting' | 'offline' | 'reload',
  timeout = 30_000,
): Promise<void> {
  await page.waitForSelector(`[data-testid="connection-status"][data-state="${state}"]`, { timeout });
}
