/**
 * A throw-away PostgreSQL cluster for tests: initdb into a temp dir, started on
 * a free loopback port, stopped and deleted afterwards. Uses the server binaries
 * of the Debian package (`apt-get install postgresql`, which .ci/run does) or
 * those in PG_BIN. Missing binaries fail the suite with how to install them:
 * nothing is skipped.
 *
 * initdb and the server refuse to run as root; as root (CI, this machine) they
 * run as the `postgres` user the package creates (else `nobody`) through runuser.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  readonly port: number;
  /** postgres:// URL of a database of this cluster (default: `postgres`). */
  url(database?: string): string;
  /** Creates an empty database (or a copy of `template`) and returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Runs one SQL command with psql (on the `postgres` database unless told); returns what psql printed. */
  psql(command: string, database?: string): string;
  /** Process id of the postmaster (its backends are its children), while it runs. */
  postmasterPid(): number;
  /** Stops the server as a crash would (immediate shutdown: recovery from WAL at the next start). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

const INSTALL_HINT =
  'PostgreSQL 15+ server binaries (initdb, pg_ctl) are needed for these tests. Install them with ' +
  '`apt-get install postgresql` (Debian/Ubuntu; .ci/run does this), or set PG_BIN to the directory holding initdb and pg_ctl.';

/** The directory of initdb and pg_ctl, or throws saying how to install them. */
function findPgBin(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian))
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) if (Number(v) >= 15) candidates.push(join(debian, v, 'bin'));
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new Error(`${INSTALL_HINT} Looked in: ${candidates.join(', ') || '(nothing found under /usr/lib/postgresql)'}`);
  return found;
}

/** As root, who runs the server, and how: initdb refuses root. */
function runAs(): { user: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const user of ['postgres', 'nobody']) {
    const line = passwd.find((l) => l.startsWith(`${user}:`));
    if (line) {
      const [, , uid, gid] = line.split(':');
      return { user, uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new Error('running as root and no `postgres` or `nobody` user to run PostgreSQL as (initdb refuses root)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const live = new Set<() => void>();
let exitHook = false;

export interface PgOptions {
  /**
   * Keep fsync and full-page writes on (PostgreSQL's defaults), as a deployment
   * runs: benchmarks compare it with SQLite at synchronous=FULL. Tests leave them
   * off (a crash of the server process is still safe; a power cut need not be).
   */
  durable?: boolean;
}

export async function startPostgres(pgOptions: PgOptions = {}): Promise<PgCluster> {
  const bin = findPgBin();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'concord-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = user ? ['runuser', ['-u', user.user, '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    try {
      return execFileSync(cmd, argv as string[], { stdio: 'pipe', encoding: 'utf8', cwd: dir });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(`${tool} failed: ${e.message}\n${e.stderr ?? ''}${e.stdout ?? ''}\n${log}`, { cause: err });
    }
  };
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'concord', '-E', 'UTF8', '--locale=C', '--no-sync']);
  let port = 0;
  const options = () =>
    [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      // Tests need no power-loss safety; commits are still written before they return (crash of the server process is safe).
      ...(pgOptions.durable ? [] : ['-c fsync=off', '-c full_page_writes=off']),
      '-c max_connections=300',
    ].join(' ');
  const start = async () => {
    for (let attempt = 0; ; attempt++) {
      if (!port) port = await freePort();
      try {
        run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '120', '-o', options(), 'start']);
        return;
      } catch (err) {
        // Another process took the port between our probe and the server's bind: try another.
        if (attempt >= 2) throw err;
        port = 0;
      }
    }
  };
  const stopNow = () => {
    const [cmd, argv] = user
      ? ['runuser', ['-u', user.user, '--', join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop']]
      : [join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']];
    spawnSync(cmd, argv as string[], { stdio: 'ignore' });
  };
  await start();
  // A test run that dies must not leave servers behind.
  const cleanup = () => {
    stopNow();
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(cleanup);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const c of live) c();
    });
  }
  const url = (database = 'postgres') => `postgres://concord@127.0.0.1:${port}/${database}`;
  const psql = (command: string, database = 'postgres') =>
    run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'concord', '-d', database, '-qAt', '-c', command]);
  const identifier = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
    return name;
  };
  return {
    get port() {
      return port;
    },
    url,
    async createDatabase(name, template) {
      psql(`CREATE DATABASE ${identifier(name)}${template ? ` TEMPLATE ${identifier(template)}` : ''}`);
      return url(name);
    },
    psql,
    postmasterPid() {
      // First line of postmaster.pid (written by the server at start).
      return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    },
    async kill() {
      stopNow();
    },
    start,
    async destroy() {
      live.delete(cleanup);
      cleanup();
    },
  };
}
