/**
 * Finds a Chromium for the browser tests without anything installed by hand.
 *
 * Order: `CHROMIUM_PATH` when it names an executable file; else the system's
 * `/usr/bin/chromium` (Debian's package, fastest); else the Chromium that ships
 * inside the npm package `@sparticuz/chromium` (a devDependency of tests/, so
 * `pnpm install` already brought it from the npm registry — nothing is ever
 * downloaded from anywhere else). When none is found the run fails with a
 * message saying how to get one: browser tests are never skipped.
 *
 * A `CHROMIUM_PATH` that is set but names nothing runnable skips the system
 * path too, so a machine that has Debian's chromium can still prove the npm
 * fallback works (`CHROMIUM_PATH=/nonexistent pnpm test:e2e`).
 */
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The flags every Chromium of this repository runs with — the browser tests
 * (browser.ts) and the browser benchmarks (bench/bundle, bench/scenarios/browser.ts):
 * headless, no sandbox (containers), and nothing that talks to Google's services.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface FoundChromium {
  executablePath: string;
  /** Where it came from, for the log line and for diagnosis. */
  source: 'CHROMIUM_PATH' | 'system' | 'npm package @sparticuz/chromium';
}

/** What the search may look at; tests of the finder replace these. */
export interface ChromiumSearch {
  env: NodeJS.ProcessEnv;
  systemPaths: readonly string[];
  /** Unpacks the npm package's Chromium and returns its path, or undefined when the package is not installed. */
  unpackPackaged: () => Promise<string | undefined>;
}

const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

export const NO_CHROMIUM_HELP = [
  'No Chromium found for the browser tests. Any one of these fixes it:',
  '  - run `pnpm install` in the repository root: it installs the npm package @sparticuz/chromium (tests/package.json), whose Chromium the tests unpack and use;',
  "  - or install Debian/Ubuntu's package: `apt-get install chromium` (provides /usr/bin/chromium);",
  '  - or point CHROMIUM_PATH at any Chromium or Chrome executable.',
  "The npm package's Chromium needs the system libraries libnss3 and libnspr4 (`apt-get install libnss3`).",
].join('\n');

/** A regular file we may execute (a bind-mounted /dev/null or a directory is not). */
function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findChromium(search: ChromiumSearch = defaultSearch()): Promise<FoundChromium> {
  const fromEnv = search.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (isExecutableFile(fromEnv)) return { executablePath: fromEnv, source: 'CHROMIUM_PATH' };
    console.warn(`CHROMIUM_PATH=${fromEnv} is not an executable file; using the Chromium from the npm package instead.`);
  } else {
    const system = search.systemPaths.find(isExecutableFile);
    if (system !== undefined) return { executablePath: system, source: 'system' };
  }
  let packaged: string | undefined;
  try {
    packaged = await search.unpackPackaged();
  } catch (err) {
    throw new Error(`${NO_CHROMIUM_HELP}\n(Unpacking @sparticuz/chromium failed: ${String(err)})`, { cause: err });
  }
  if (packaged === undefined || !isExecutableFile(packaged)) throw new Error(NO_CHROMIUM_HELP);
  return { executablePath: packaged, source: 'npm package @sparticuz/chromium' };
}

function defaultSearch(): ChromiumSearch {
  return { env: process.env, systemPaths: SYSTEM_CHROMIUM_PATHS, unpackPackaged: unpackSparticuz };
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `@sparticuz/chromium` unpacks into `os.tmpdir()/chromium` and trusts any file
 * already there — a half-written one from an interrupted run, or another user's.
 * So it unpacks into a fresh staging directory (TMPDIR pointed there for the
 * call) which is then renamed, atomically, to a cache directory per version
 * under node_modules/.cache. A concurrent run that loses the rename uses the
 * winner's copy.
 */
export async function unpackSparticuz(): Promise<string | undefined> {
  let sparticuz: typeof import('@sparticuz/chromium').default;
  let version: string;
  try {
    sparticuz = (await import('@sparticuz/chromium')).default;
    // The package exports no package.json: find it beside its entry point.
    const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
    const pkg = JSON.parse(readFileSync(join(entry, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    version = pkg.version;
  } catch {
    return undefined;
  }
  const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'concord-chromium');
  const finalDir = join(cacheRoot, version);
  const finalBinary = join(finalDir, 'chromium');
  if (isExecutableFile(finalBinary)) return finalBinary;

  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(join(cacheRoot, `${version}.staging-`));
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    const unpacked = await sparticuz.executablePath();
    if (resolve(unpacked) !== join(staging, 'chromium')) throw new Error(`unpacked to ${unpacked}, expected it inside ${staging}`);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  try {
    renameSync(staging, finalDir);
  } catch (err) {
    // Another run finished first: keep its copy, drop ours.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(finalBinary)) throw err;
  }
  return finalBinary;
}
