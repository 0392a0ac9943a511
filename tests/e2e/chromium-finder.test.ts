/**
 * The browser tests find a Chromium on their own (tests/helpers/chromium.ts):
 * the order of the search, and that finding none is a failure with help, not a skip.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_HELP, unpackSparticuz, type ChromiumSearch } from '../helpers/chromium.js';

let dir: string;
let fakeSystem: string;
let fakePackaged: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'concord-chromium-finder-'));
  fakeSystem = join(dir, 'system-chromium');
  fakePackaged = join(dir, 'packaged-chromium');
  for (const path of [fakeSystem, fakePackaged]) {
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function search(overrides: Partial<ChromiumSearch>): ChromiumSearch {
  return { env: {}, systemPaths: [fakeSystem], unpackPackaged: () => Promise.resolve(fakePackaged), ...overrides };
}

describe('finding Chromium for the browser tests', () => {
  it('prefers CHROMIUM_PATH when it names an executable file', async () => {
    const found = await findChromium(search({ env: { CHROMIUM_PATH: fakePackaged }, systemPaths: [fakeSystem] }));
    expect(found).toEqual({ executablePath: fakePackaged, source: 'CHROMIUM_PATH' });
  });

  it('uses the system Chromium before unpacking the npm package', async () => {
    let unpacked = false;
    const found = await findChromium(search({ unpackPackaged: () => ((unpacked = true), Promise.resolve(fakePackaged)) }));
    expect(found).toEqual({ executablePath: fakeSystem, source: 'system' });
    expect(unpacked).toBe(false);
  });

  it('falls back to the npm package when there is no system Chromium (a directory, a non-executable file and a missing path do not count)', async () => {
    const notExecutable = join(dir, 'plain-file');
    writeFileSync(notExecutable, '');
    const found = await findChromium(search({ systemPaths: [join(dir, 'missing'), dir, notExecutable] }));
    expect(found).toEqual({ executablePath: fakePackaged, source: 'npm package @sparticuz/chromium' });
  });

  it('a CHROMIUM_PATH that names nothing skips the system path, so the npm fallback can be proved on a machine that has one', async () => {
    const found = await findChromium(search({ env: { CHROMIUM_PATH: join(dir, 'nonexistent') } }));
    expect(found.source).toBe('npm package @sparticuz/chromium');
  });

  it('fails with instructions, not a skip, when there is no Chromium at all', async () => {
    await expect(findChromium(search({ systemPaths: [], unpackPackaged: () => Promise.resolve(undefined) }))).rejects.toThrow(
      NO_CHROMIUM_HELP,
    );
    await expect(findChromium(search({ systemPaths: [], unpackPackaged: () => Promise.reject(new Error('disk full')) }))).rejects.toThrow(
      /apt-get install chromium[\s\S]*disk full/,
    );
  });
});

describe('the npm package fallback, for real', () => {
  it('unpacks the Chromium shipped in @sparticuz/chromium into a per-version cache, finds it again, and it drives a page', async () => {
    const unpacked = await unpackSparticuz();
    expect(unpacked).toMatch(/node_modules\/\.cache\/concord-chromium\/[\d.]+\/chromium$/);
    expect(await unpackSparticuz()).toBe(unpacked);
    const browser = await chromium.launch({ executablePath: unpacked!, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.setContent(
        '<label>Name <input id="n"></label><output></output><script>n.oninput = () => document.querySelector("output").textContent = n.value.toUpperCase()</script>',
      );
      await page.getByLabel('Name').fill('concord');
      expect(await page.textContent('output')).toBe('CONCORD');
    } finally {
      await browser.close();
    }
  });
});
