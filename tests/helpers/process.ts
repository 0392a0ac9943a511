/**
 * Concord as real child processes: the server (so tests can `kill -9` it and
 * restart it on the same data dir) and the command-line tool. Both run the
 * TypeScript sources through tsx, exactly as `pnpm start` and `pnpm concord` do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root: cwd for every child, so `--import tsx` resolves. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const TSX = ['--import', 'tsx'];

/** A port that was free a moment ago (the server needs a known port before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `concord <args>` (server/src/cli/main.ts) to completion. `input` is written to stdin, which is then closed. */
export function runCliProcess(
  args: string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, 'server/src/cli/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...cleanEnv(), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`concord ${args.join(' ')} timed out; stderr: ${stderr}`));
    }, options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  dataDir: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** What it wrote to stdout alone (the JSON log) and to stderr alone (lines for people). */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code / signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServerProcessOptions {
  dataDir: string;
  /** Defaults to a free port; pass the previous one to restart "the same" server. */
  port?: number;
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /**
   * `source` (default) runs the TypeScript through tsx, so a test sees the code as it is now;
   * `built` runs `server/dist/main.js`, the bundle `pnpm start` runs (made by `pnpm build`).
   */
  entry?: 'source' | 'built';
  /** Node options placed before the entry (e.g. `--import` of a loader hook). */
  nodeArgs?: string[];
  /**
   * Runs the sources with a SQLite writer whose commits `holdCommits` can stop
   * (integration/support/held-commits-server.ts), so that a test can kill the server
   * while a commit is in flight.
   */
  holdableCommits?: boolean;
}

export const BUILT_SERVER = 'server/dist/main.js';
const HELD_COMMITS_SERVER = 'tests/integration/support/held-commits-server.ts';
/** What the held-commits server prints once no commit will return any more. */
export const HELD_COMMITS_LINE = 'document commits are held from now on';

/** Spawns the server (`server/src/main.ts`, or the built bundle) and waits until /healthz answers. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const entry = options.holdableCommits
    ? [...TSX, HELD_COMMITS_SERVER]
    : options.entry === 'built'
      ? [BUILT_SERVER]
      : [...TSX, 'server/src/main.ts'];
  const args = [...(options.nodeArgs ?? []), ...entry];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      ...cleanEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => ((output += d.toString()), (stdout += d.toString())));
  child.stderr!.on('data', (d: Buffer) => ((output += d.toString()), (stderr += d.toString())));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    port,
    url,
    dataDir: options.dataDir,
    output: () => output,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  for (;;) {
    if (gone) throw new Error(`server exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      await server.kill('SIGKILL');
      throw new Error(`server did not answer /healthz in time:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * From now on no document commit of a server started with `holdableCommits` starts
 * its transaction (a commit already inside one still finishes): resolves once the
 * server says so.
 */
export async function holdCommits(server: ServerProcess, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  server.child.kill('SIGUSR2');
  while (!server.stderr().includes(HELD_COMMITS_LINE)) {
    if (Date.now() - start > timeoutMs) throw new Error(`the server did not hold its commits:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The parent's environment without settings that would leak into a child Concord. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (
      ['PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'DEMO', 'LOG_LEVEL', 'ALLOWED_ORIGINS', 'SESSION_TTL_DAYS', 'NODE_OPTIONS'].includes(k)
    )
      continue;
    if (k.startsWith('VITEST') || k === 'NODE_ENV' || k === 'TEST') continue;
    env[k] = v;
  }
  return env;
}
