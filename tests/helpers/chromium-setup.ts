/**
 * vitest globalSetup of the e2e project: finds (and, from the npm package,
 * unpacks) Chromium once per run, before any test file starts, and hands the
 * path to the test workers. Failing here fails the run with the finder's
 * message on how to get a Chromium; nothing is skipped.
 */
import type { TestProject } from 'vitest/node';
import { findChromium } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absent outside the e2e project (its globalSetup provides it). */
    chromiumPath: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const found = await findChromium();
  console.log(`Browser tests use Chromium from ${found.source}: ${found.executablePath}`);
  project.provide('chromiumPath', found.executablePath);
}
