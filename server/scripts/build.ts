/**
 * Builds the server to JavaScript for `pnpm start` (development keeps running
 * the TypeScript through tsx). One ES module bundle of server/src and the
 * workspace's shared/ sources; npm packages stay external and load from
 * node_modules as usual. Modules imported with `import()` (the import/export
 * stack) become separate chunks, loaded on first use rather than at start.
 */
import { build, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const outdir = fileURLToPath(new URL('../dist', import.meta.url));

/**
 * Bundles relative imports and the workspace packages (TypeScript sources);
 * every npm package stays an import, resolved at run time from server/. Shared's
 * dependencies are therefore listed in server/package.json too: a package that
 * server/ cannot resolve fails the build here rather than the start later.
 */
const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@concord/')) return undefined;
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
  metafile: true,
});
if (process.env.BUILD_META) (await import('node:fs')).writeFileSync(process.env.BUILD_META, JSON.stringify(result.metafile));
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
console.log(`built ${outputs.length} files into ${outdir}`);
