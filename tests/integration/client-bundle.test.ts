/**
 * What the browser downloads (issue 15 #4), read from the build's own source
 * maps: the `docx` library, the Word renderer and the test fixtures of
 * @concord/shared are in no chunk (they came in through the shared barrel once),
 * and the sign-in page — the entry script and every chunk it imports statically —
 * carries no editor code (TipTap, ProseMirror, Yjs), which the editor's lazily
 * loaded chunks bring. The service worker's list of the build's files
 * (asset-manifest.json) names exactly the files there are. Sizes and load times are measured in bench/bundle
 * (BENCHMARKS.md), not here. Needs the built client (`pnpm test` builds first).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/process.js';

const DIST = join(REPO_ROOT, 'client', 'dist');

/** Each built file's sources, as its source map names them (`../../../node_modules/.pnpm/…`). */
function sourcesOf(file: string): string[] {
  const map = JSON.parse(readFileSync(join(DIST, `${file}.map`), 'utf8')) as { sources: string[] };
  return map.sources;
}

/** The chunks `file` imports statically (`import … from"./x.js"`, `import"./x.js"`), not `import("./x.js")`. */
function staticImportsOf(file: string): string[] {
  const code = readFileSync(join(DIST, file), 'utf8');
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)].map((m) => `${dir}${m[1]!}`);
}

/** The entry script of index.html and everything it imports statically, transitively. */
function signInPageScripts(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*\ssrc="([^"]+)"/.exec(html)?.[1];
  expect(entry, 'index.html names its entry script').toBeDefined();
  const seen = new Set<string>();
  const queue = [entry!];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImportsOf(file));
  }
  return [...seen];
}

const EDITOR_CODE = /\/node_modules\/(@tiptap\/|prosemirror-|yjs\/|y-indexeddb\/|y-websocket\/)/;
const NEVER_IN_THE_BROWSER = [
  /\/node_modules\/docx\//, // Word files are written on the server (export worker)
  /shared\/src\/export\/docx\//,
  /shared\/src\/fixtures\//,
];

describe('the browser bundle', () => {
  const manifestPath = join(DIST, 'asset-manifest.json');
  const built = () => expect(existsSync(manifestPath), `${manifestPath} is missing: run \`pnpm -C client build\` first`).toBe(true);

  it('lists in asset-manifest.json, for the service worker to keep offline, exactly the scripts and stylesheets it has', () => {
    built();
    const listed = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { assets: string[] }).assets;
    const onDisk = readdirSync(join(DIST, 'assets'))
      .filter((name) => /\.(js|css)$/.test(name))
      .map((name) => `/assets/${name}`);
    expect(onDisk.length).toBeGreaterThan(5);
    // A listed file that is not there would be cached as the server's index.html fallback.
    expect([...listed].sort()).toEqual(onDisk.sort());
  });

  it('holds neither the docx library nor the Word renderer nor the test fixtures', () => {
    built();
    const scripts = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { assets: string[] }).assets.filter((a) => a.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(5); // the editor and the heavy pages are chunks of their own
    const sources = scripts.flatMap((file) => sourcesOf(file).map((source) => ({ file, source })));
    // The check can fail: the maps do name the libraries the client does use.
    expect(sources.some(({ source }) => EDITOR_CODE.test(source))).toBe(true);
    const unwanted = sources.filter(({ source }) => NEVER_IN_THE_BROWSER.some((pattern) => pattern.test(source)));
    expect(unwanted.map(({ file, source }) => `${file}: ${source}`)).toEqual([]);
  });

  it('serves the sign-in page without the editor: TipTap, ProseMirror and Yjs load only with the editor', () => {
    built();
    const scripts = signInPageScripts();
    const editorCode = scripts.flatMap((file) =>
      sourcesOf(file)
        .filter((source) => EDITOR_CODE.test(source))
        .map((s) => `${file}: ${s}`),
    );
    expect(editorCode).toEqual([]);
  });
});
