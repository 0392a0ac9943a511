import { defineConfig } from 'vitest/config';

/**
 * One vitest run covers the whole suite. Projects keep fast pure tests apart
 * from the ones that start real servers and browsers, so each can be run alone:
 * `pnpm vitest run --project shared`.
 *
 * `pnpm test` runs the suite as two vitest runs side by side (`test:all` in
 * package.json, tests/run-parallel.ts says why): e2e with the unit projects in one,
 * integration in the other. A new project goes into one of them there.
 */
export default defineConfig({
  test: {
    projects: [
      // Watchdogs, not timing claims: a seeded property run takes ~3 s alone and
      // over vitest's 5 s default when the shared machine is busy. expect.poll waits
      // for a state: its 1 s default is a timing claim a loaded CI machine can miss.
      {
        test: {
          name: 'shared',
          include: ['shared/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 20_000,
          expect: { poll: { timeout: 15_000 } },
        },
      },
      {
        test: {
          name: 'client',
          include: ['client/src/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 20_000,
          expect: { poll: { timeout: 15_000 } },
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 20_000,
          expect: { poll: { timeout: 15_000 } },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/fuzz/**/*.test.ts'],
          // Watchdogs: the sync fuzz takes 20-25 s here, so 60 s was within 3x of a slower CI machine.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll waits for a state; vitest's default (1 s) is shorter than a busy machine's answer.
          expect: { poll: { timeout: 30_000 } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // Finds Chromium once (system, CHROMIUM_PATH or the npm package's) or fails the run saying how to get one.
          globalSetup: ['tests/helpers/chromium-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll waits for a state; vitest's default (1 s) is shorter than a loaded machine's render.
          expect: { poll: { timeout: 30_000 } },
          // One Chromium at a time on a 2-core machine keeps timings sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
