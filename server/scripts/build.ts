/**
 * Builds the server to JavaScript for `pnpm start` (development keeps running
 * the TypeScript through tsx). One ES module bundle of server/src, the
 * workspace's shared/ sources and the pure-JavaScript packages every server
 * loads at start (see BUNDLED_PACKAGES); every other npm package stays external
 * and loads from node_modules as usual. Modules imported with `import()` (the
 * import/export stack) become separate chunks, loaded on first use rather than
 * at start.
 */
import { build, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const outdir = fileURLToPath(new URL('../dist', import.meta.url));

/**
 * Packages bundled into the build rather than loaded from node_modules: those a
 * default server loads at start, all plain ES modules with no files of their
 * own to read. Loading them from node_modules meant ~300 module files resolved,
 * read and compiled one by one (zod alone is 95): most of the process's
 * start → HTTP ready time (issue 21). yjs, lib0 and y-protocols must all be
 * bundled or all external, or the process would hold two copies of Yjs.
 * Everything else stays external: native addons (better-sqlite3), packages
 * that read their own files at run time (pdfkit's fonts, swagger-ui-dist,
 * pino's transports), and the libraries loaded on first use or only when configured (PostgreSQL,
 * Redis, SMTP, the import/export stack) — tests/integration/start-cost.test.ts
 * checks those stay unloaded at start, which only works while they are external.
 */
const BUNDLED_PACKAGES = [
  /^zod$/,
  /^zod\//,
  /^hono(\/|$)/,
  /^@hono\//,
  /^(yjs|lib0|y-protocols)(\/|$)/,
  /^@tiptap\//,
  /^prosemirror-/,
  /^(orderedmap|rope-sequence|w3c-keyname|linkifyjs)$/,
  /^(uuid|diff)(\/|$)/,
  /^@noble\/hashes(\/|$)/,
];

/**
 * Bundles relative imports, the workspace packages (TypeScript sources) and
 * BUNDLED_PACKAGES; every other npm package stays an import, resolved at run
 * time from server/ (and what a bundled package imports is bundled with it).
 * Shared's dependencies are therefore listed in
 * server/package.json too: a package that server/ cannot resolve fails the build
 * here rather than the start later.
 */
const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@concord/')) return undefined;
      // What a bundled package imports is bundled with it: server/ may not be able
      // to resolve it at run time (pnpm does not hoist dependencies' dependencies).
      if (args.importer.includes('/node_modules/')) return undefined;
      if (!args.path.startsWith('node:')) {
        try {
          import.meta.resolve(args.path);
        } catch {
          return {
            errors: [
              { text: `${args.path} (imported by ${args.importer}) is not a dependency of @concord/server; add it to server/package.json` },
            ],
          };
        }
        if (BUNDLED_PACKAGES.some((pattern) => pattern.test(args.path))) return undefined;
      }
      return { path: args.path, external: true };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: serverDir,
  // Worker threads load their module by file name (new URL('./…', import.meta.url)), so
  // each is an entry of its own, next to main.js and every chunk: the import and export
  // workers, the SQLite writer and the version capture worker.
  entryPoints: {
    main: 'src/main.ts',
    cli: 'src/cli/main.ts',
    'import-worker': 'src/import/import-worker.ts',
    'export-worker': 'src/publish/export-worker.ts',
    'sqlite-writer-worker': 'src/store/sqlite-writer-worker.js',
    'capture-worker': 'src/versions/capture-worker.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: '[name]-[hash]',
  plugins: [npmPackagesExternal],
  logLevel: 'warning',
  // Bundled CommonJS packages (ws, under @hono/node-ws) require() Node built-ins,
  // which an ES module has no require for: give every output file one.
  banner: {
    js: "import { createRequire as __concordCreateRequire } from 'node:module'; const require = __concordCreateRequire(import.meta.url);",
  },
  metafile: true,
});
if (process.env.BUILD_META) (await import('node:fs')).writeFileSync(process.env.BUILD_META, JSON.stringify(result.metafile));
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
console.log(`built ${outputs.length} files into ${outdir}`);
