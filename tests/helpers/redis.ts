/**
 * A throw-away Redis for tests: `redis-server` on a free loopback port, nothing
 * saved to disk, stopped by the test. Never skipped: without the binary the
 * test fails and says how to install it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './process.js';

export interface TestRedis {
  port: number;
  url: string;
  /** Process id of the running redis-server (undefined while it is down). */
  pid(): number | undefined;
  /** `kill -9`: everything it held is gone (nothing is saved). */
  crash(): Promise<void>;
  /** Starts it again on the same port after `crash`, empty. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  stop(): Promise<void>;
}

/** The redis-server binary: REDIS_SERVER, else the PATH, else Debian's. Throws saying how to get one. */
function findRedisServer(): string {
  const candidates = [
    process.env.REDIS_SERVER,
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server')),
    '/usr/bin/redis-server',
  ];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (found) return found;
  throw new Error(
    'redis-server not found: the multi-process tests need a real Redis. Install it with ' +
      '`apt-get install redis-server` (Debian/Ubuntu; .ci/run does this) or set REDIS_SERVER to the binary.',
  );
}

const live = new Set<() => void>();
let exitHook = false;

export async function startRedis(): Promise<TestRedis> {
  const binary = findRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'concord-redis-'));
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    output = '';
    const proc = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = proc;
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!(await answersPing(port))) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const kill = async (hard: boolean) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(hard ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };

  await start();
  // A run that dies (an uncaught error, or Ctrl+C in a benchmark that exits on it) must not leave Redis behind.
  const cleanup = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(cleanup);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const c of live) c();
    });
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid,
    start,
    crash: () => kill(true),
    async stop() {
      live.delete(cleanup);
      await kill(false);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True when something on the port answers PING with PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => {
      answer += d.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}
