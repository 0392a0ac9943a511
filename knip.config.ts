/**
 * Knip finds unused files, dependencies and exports: `pnpm knip` (also run by
 * `pnpm test`). Entries it cannot see on its own are listed here, each with the
 * reason it is one: worker threads and processes started by file name, the
 * service worker the page registers by URL.
 */
import { readFileSync } from 'node:fs';
import type { KnipConfig } from 'knip';

const sharedPackage = JSON.parse(readFileSync(new URL('./shared/package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

const config: KnipConfig = {
  workspaces: {
    shared: {
      entry: ['test/**/*.ts'],
    },
    server: {
      entry: [
        // Worker threads, started with new URL('./…', import.meta.url).
        'src/workers/worker-boot.mjs',
        'src/import/import-worker.ts',
        'src/publish/export-worker.ts',
        'src/versions/capture-worker.ts',
        'src/store/sqlite-writer-worker.js',
        'test/**/*.ts',
      ],
      // scripts/build.ts bundles shared/'s sources into server/dist and keeps npm
      // packages external, so at run time shared's dependencies resolve from
      // server/: server/package.json must list them although server/src does not
      // import them. Taken from shared/package.json so the two lists cannot drift.
      ignoreDependencies: Object.keys(sharedPackage.dependencies),
    },
    client: {
      // The service worker, registered by URL (navigator.serviceWorker.register('/sw.js')).
      entry: ['public/sw.js'],
      // What ships (`!`: production mode, `knip --production`), less the modules only tests import,
      // named test-*.ts beside the test that uses them; Vite bundles only what index.html reaches.
      project: ['src/**/*.{ts,tsx}!', '!src/**/test-*.ts!'],
    },
    tests: {
      // The held-commits server is a process started by file name (helpers/process.ts).
      entry: ['**/*.test.ts', 'integration/support/held-commits-server.ts'],
      // `pnpm -s concord …` (cli.test.ts) is the root package's script, not a binary.
      ignoreBinaries: ['concord'],
      // The types of the SMTP test server and the mail parser (helpers/smtp.ts), which ship none:
      // tsc needs them, knip does not link them to those imports.
      ignoreDependencies: ['@types/mailparser', '@types/smtp-server'],
    },
    bench: {
      entry: [
        'scenarios/*.ts',
        'soak/*.ts',
        'bundle/*.ts',
        'browser-gutter/run.ts',
        'stalls/analyse.ts',
        'browser-trace/keys.ts',
        'guard/*.ts',
        // Preloaded into the server under test by file name (lib/targets.ts, BENCH_STALL_PROBE).
        'stalls/probe.mjs',
        // Processes started by file name (lib/loadgen.ts, lib/targets.ts) and the
        // page bundled by scenarios/browser.ts.
        'lib/loadgen-worker.ts',
        'servers/*.ts',
        'browser/*.js',
      ],
      // Pins a process to one core (lib/proc.ts) when the system has it; the scale scenario also
      // re-prioritises PostgreSQL and Redis (renice, lib/engines.ts) and notes the busiest processes (top).
      ignoreBinaries: ['taskset', 'renice', 'top'],
      // scenarios/browser.ts bundles browser/bare-editor.js with esbuild, resolving
      // TipTap from client/node_modules (nodePaths): the same copy the client ships.
      ignoreDependencies: ['@tiptap/core', '@tiptap/extension-collaboration'],
    },
  },
};

export default config;
