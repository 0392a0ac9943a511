/**
 * The three servers under test, each run as its own process pinned to the
 * server core, with its storage prepared beforehand from the same seed bytes.
 */
import { cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { setupConcord, AUTHOR_EMAIL, BENCH_PASSWORD } from '../concord-setup.js';
import { exited, freePort, sleep, spawnPinned, SERVER_CORE } from './proc.js';
import type { ClientSpec } from './clients.js';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(BENCH_DIR, '..');
/**
 * The Concord under test: this checkout, or another one (BENCH_CONCORD_DIR, e.g.
 * an older commit exported next to this one, for before/after runs in one session).
 */
const CONCORD_DIR = resolve(process.env.BENCH_CONCORD_DIR ?? REPO_DIR);
/** Run the TypeScript sources through tsx (as `pnpm dev` does, and as checkouts before the build existed must) instead of the build. */
const CONCORD_FROM_SOURCES = process.env.BENCH_CONCORD_TSX === '1' || !existsSync(join(CONCORD_DIR, 'server', 'scripts', 'build.ts'));

let concordBuilt = false;
/** Concord runs as `pnpm start` runs it: the JavaScript build, made once per bench process. */
function buildConcord(): void {
  if (concordBuilt || CONCORD_FROM_SOURCES) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
    cwd: join(CONCORD_DIR, 'server'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  concordBuilt = true;
}

export type TargetName = 'concord' | 'yws' | 'hocuspocus';
export const TARGET_NAMES: readonly TargetName[] = ['concord', 'yws', 'hocuspocus'];

export interface TargetInfo {
  name: TargetName;
  label: string;
  version: string;
  storage: string;
  client: string;
}

const pkgVersion = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

export function targetInfo(name: TargetName): TargetInfo {
  const nm = join(BENCH_DIR, 'node_modules');
  switch (name) {
    case 'concord': {
      let sha: string;
      try {
        sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: CONCORD_DIR, stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim();
      } catch {
        sha = process.env.BENCH_CONCORD_SHA ?? 'unknown';
      }
      const how = CONCORD_FROM_SOURCES ? 'sources through tsx' : 'server/dist build';
      return {
        name,
        label: 'Concord',
        version: `@concord/server ${pkgVersion(join(CONCORD_DIR, 'server'))} (git ${sha}, working tree, ${how})`,
        storage: 'SQLite WAL, synchronous=FULL; commit before ack/broadcast',
        client: `y-websocket ${pkgVersion(join(nm, 'y-websocket'))}`,
      };
    }
    case 'yws':
      return {
        name,
        label: 'y-websocket server',
        version: `@y/websocket-server ${pkgVersion(join(nm, '@y/websocket-server'))}`,
        storage: 'its y-leveldb persistence (YPERSISTENCE); writes not acknowledged',
        client: `y-websocket ${pkgVersion(join(nm, 'y-websocket'))}`,
      };
    case 'hocuspocus':
      return {
        name,
        label: 'Hocuspocus',
        version: `@hocuspocus/server ${pkgVersion(join(nm, '@hocuspocus/server'))}`,
        storage: 'SQLite WAL, synchronous=FULL (extension-sqlite schema); store debounced 2 s / max 10 s',
        client: `@hocuspocus/provider ${pkgVersion(join(nm, '@hocuspocus/provider'))}`,
      };
  }
}

export interface DeployOptions {
  seedFile: string;
  docs: number;
  writers: number;
  readers: number;
  /** Concord only: votes of every commissioner on every block, and open threads (see concord-setup.ts). */
  reviewed?: { threads: number };
}

/** Storage prepared for a target: where it lives, which documents, which credentials. */
export interface Deployment {
  target: TargetName;
  dir: string;
  docIds: string[];
  writerCookies: (string | undefined)[];
  readerCookies: (string | undefined)[];
}

const concordTemplates = new Map<string, Promise<Deployment>>();

/** Creates fresh storage for one run in `dir` (which must not exist yet). */
export async function deploy(target: TargetName, dir: string, options: DeployOptions): Promise<Deployment> {
  mkdirSync(dir, { recursive: true });
  const seed = readFileSync(options.seedFile);
  if (target === 'concord') {
    // Users are hashed with scrypt: build each shape once, copy the closed database per run.
    const key = JSON.stringify(options);
    let template = concordTemplates.get(key);
    if (!template) {
      const templateDir = `${dir}-template`;
      mkdirSync(templateDir, { recursive: true });
      template = setupConcord(join(templateDir, 'concord.sqlite'), { seed, ...options }).then((s) => ({ target, dir: templateDir, ...s }));
      concordTemplates.set(key, template);
    }
    const t = await template;
    cpSync(t.dir, dir, { recursive: true });
    return { ...t, dir };
  }
  const docIds = Array.from({ length: options.docs }, (_, i) => `bench-report-${i + 1}`);
  const script = target === 'yws' ? 'servers/yws-server.ts' : 'servers/hocuspocus-server.ts';
  execFileSync(process.execPath, ['--import', 'tsx', script, '--seed', options.seedFile, '--docs', docIds.join(',')], {
    cwd: BENCH_DIR,
    env: { ...process.env, ...storageEnv(target, dir) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const none = <T>(n: number) => Array.from({ length: n }, () => undefined as T);
  return { target, dir, docIds, writerCookies: none(options.writers), readerCookies: none(options.readers) };
}

function storageEnv(target: TargetName, dir: string): Record<string, string> {
  if (target === 'concord') return { DATA_DIR: dir };
  if (target === 'yws') return { YPERSISTENCE: join(dir, 'leveldb') };
  return { DB_FILE: join(dir, 'hocuspocus.sqlite') };
}

export interface RunningServer {
  deployment: Deployment;
  pid: number;
  port: number;
  /** Base URL the target's client connects to (document name is added by the client). */
  wsUrl: string;
  /** Concord: cookie of the author, signed in over HTTP. */
  authorCookie?: string;
  startMs: number;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the target's server process on the deployment's storage and waits until it answers HTTP. */
export async function launch(deployment: Deployment, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const { target, dir } = deployment;
  const port = await freePort();
  const log = openSync(join(dir, `server-${Date.now()}.log`), 'a');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), ...storageEnv(target, dir), ...extraEnv };
  let child: ChildProcess;
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server under test (e.g. --cpu-prof) when profiling it.
  const extraNodeArgs = [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), ...stallProbeArgs(target, env)];
  const nodeArgs = [...extraNodeArgs, '--import', 'tsx'];
  if (target === 'concord') buildConcord();
  const started = performance.now();
  if (target === 'concord') {
    Object.assign(env, { HOST: '127.0.0.1', DEMO: 'false', LOG_LEVEL: 'warn' });
    const entry = CONCORD_FROM_SOURCES ? [...nodeArgs, 'src/main.ts'] : [...extraNodeArgs, 'dist/main.js'];
    child = spawnPinned(SERVER_CORE, process.execPath, entry, { cwd: join(CONCORD_DIR, 'server'), env, stdio: ['ignore', log, log] });
  } else {
    const script = target === 'yws' ? 'servers/yws-server.ts' : 'servers/hocuspocus-server.ts';
    child = spawnPinned(SERVER_CORE, process.execPath, [...nodeArgs, script], { cwd: BENCH_DIR, env, stdio: ['ignore', log, log] });
  }
  closeSync(log);
  const health = `http://127.0.0.1:${port}${target === 'concord' ? '/healthz' : '/'}`;
  for (let waited = 0; ; waited += 50) {
    if (child.exitCode !== null) throw new Error(`${target} server exited with ${child.exitCode}; see ${dir}`);
    try {
      if ((await fetch(health)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (waited > 60_000) throw new Error(`${target} server did not start within 60 s; see ${dir}`);
    await sleep(50);
  }
  const startMs = performance.now() - started;
  let authorCookie: string | undefined;
  if (target === 'concord') authorCookie = await login(port);
  const wsUrl = target === 'concord' ? `ws://127.0.0.1:${port}/sync` : `ws://127.0.0.1:${port}`;
  return {
    deployment,
    pid: child.pid!,
    port,
    wsUrl,
    startMs,
    ...(authorCookie ? { authorCookie } : {}),
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/**
 * BENCH_STALL_PROBE=<dir>: the server records its event-loop stalls and GC pauses
 * during the editing window (stalls/probe.mjs) and writes a CPU profile, both into
 * <dir>; `pnpm -C bench stalls <dir>` tells what ran in each stall.
 */
function stallProbeArgs(target: TargetName, env: NodeJS.ProcessEnv): string[] {
  const dir = process.env.BENCH_STALL_PROBE;
  if (!dir) return [];
  mkdirSync(dir, { recursive: true });
  Object.assign(env, { STALL_PROBE_DIR: resolve(dir), STALL_PROBE_LABEL: target });
  return ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`, '--import', pathToFileURL(join(BENCH_DIR, 'stalls', 'probe.mjs')).href];
}

async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: AUTHOR_EMAIL, password: BENCH_PASSWORD }),
  });
  const match = /concord_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (res.status !== 200 || !match) throw new Error(`Concord login failed: ${res.status}`);
  return `concord_session=${match[1]}`;
}

/** The connection details a load-generator worker needs for one client. */
export function clientSpec(
  server: RunningServer,
  docIndex: number,
  role: 'writer' | 'reader' | 'author',
  index = 0,
  concordAcks = true,
): ClientSpec {
  const dep = server.deployment;
  const cookie = role === 'author' ? server.authorCookie : role === 'writer' ? dep.writerCookies[index] : dep.readerCookies[index];
  return { target: dep.target, url: server.wsUrl, docId: dep.docIds[docIndex]!, ...(cookie ? { cookie } : {}), concordAcks };
}
