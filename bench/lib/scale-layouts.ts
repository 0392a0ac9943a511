/**
 * The three ways the scale scenario runs Concord (issue 20), each brought up on
 * fresh storage for one run and torn down after it:
 *
 * - `sqlite`: one process on embedded SQLite, the default (`pnpm start`).
 * - `pg`: one process on PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).
 * - `pg3`: three processes on one PostgreSQL and one Redis.
 *
 * PostgreSQL is one cluster for the whole scenario: the users, document and
 * sessions are prepared once in a template database and every run gets a copy
 * (CREATE DATABASE … TEMPLATE), dropped afterwards. Redis is started afresh for
 * every run (rate-limit and socket-cap counters live there). Every process of a
 * layout, Concord's, PostgreSQL's and Redis's, runs on the server core.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { openPgStores } from '@concord/server/store/open-pg-stores';
import { setupConcordOn } from '../concord-setup.js';
import type { ClientSpec } from './clients.js';
import { startBenchPostgres, startBenchRedis, treeCpuMs, treePssMiB, type PgCluster } from './engines.js';
import { processCpuMs, processRssMiB } from './proc.js';
import { clientSpec, deploy, launch, type DeployOptions, type Deployment, type RunningServer } from './targets.js';

export const LAYOUTS = {
  sqlite: { label: 'Concord, 1 process, SQLite', processes: 1, postgres: false },
  pg: { label: 'Concord, 1 process, PostgreSQL + Redis', processes: 1, postgres: true },
  pg3: { label: 'Concord, 3 processes, PostgreSQL + Redis', processes: 3, postgres: true },
} as const;
export type Layout = keyof typeof LAYOUTS;
export const LAYOUT_NAMES = Object.keys(LAYOUTS) as Layout[];

/** One kind of process whose CPU and memory a run reports apart. */
export interface Part {
  name: 'concord' | 'postgresql' | 'redis';
  /** CPU time used so far (ms), summed over the part's processes. */
  cpuMs(): number;
  /** Memory now (MiB): Concord and Redis RSS summed; PostgreSQL PSS over the postmaster and its backends. */
  memMiB(): number;
}

export interface Running {
  servers: RunningServer[];
  parts: Part[];
  /** PostgreSQL layouts: the document's snapshot generation (one more per compaction, by any process). */
  compactions?: () => number;
  /** Writer or reader `index` of a role, on process index mod the number of processes (round-robin). */
  spec(role: 'writer' | 'reader', index: number): ClientSpec;
  stop(): Promise<void>;
}

/** Every Concord process still running, so that an interrupted run can kill them at exit. */
export const liveServers = new Set<RunningServer>();

export class Layouts {
  private pg: PgCluster | undefined;
  private pgTemplate: Promise<Omit<Deployment, 'dir'>> | undefined;
  private runs = 0;

  constructor(
    private readonly options: DeployOptions,
    private readonly runDir: (label: string) => string,
  ) {}

  async up(layout: Layout): Promise<Running> {
    const { processes, postgres } = LAYOUTS[layout];
    if (!postgres) {
      const server = await this.launch(await deploy('concord', this.runDir(`scale-${layout}`), this.options));
      return this.running([server], [concordPart([server])], async () => {});
    }
    const template = await this.template();
    const pg = this.pg!;
    const database = `bench_run_${++this.runs}`;
    const url = await pg.createDatabase(database, 'bench_template');
    // Start every run with the copy's pages written out, not with a checkpoint due.
    pg.psql('CHECKPOINT');
    const redis = await startBenchRedis();
    const servers: RunningServer[] = [];
    const stopEngines = async () => {
      await redis.stop();
      pg.psql(`DROP DATABASE IF EXISTS ${database}`);
    };
    try {
      for (let i = 0; i < processes; i++) {
        // Each process its own DATA_DIR (signing key, logs); the data is in PostgreSQL.
        const dir = this.runDir(`scale-${layout}-p${i + 1}`);
        mkdirSync(dir, { recursive: true });
        servers.push(await this.launch({ ...template, dir }, { DATABASE_URL: url, REDIS_URL: redis.url }));
      }
    } catch (err) {
      await Promise.allSettled(servers.map((s) => this.stopServer(s)));
      await stopEngines();
      throw err;
    }
    const postmaster = pg.postmasterPid();
    const redisPid = redis.pid()!;
    return this.running(
      servers,
      [
        concordPart(servers),
        { name: 'postgresql', cpuMs: () => treeCpuMs(postmaster), memMiB: () => treePssMiB(postmaster) },
        { name: 'redis', cpuMs: () => processCpuMs(redisPid), memMiB: () => processRssMiB(redisPid) },
      ],
      stopEngines,
      () => Number(pg.psql('SELECT COALESCE(MAX(gen), 0) FROM doc_snapshots', database)),
    );
  }

  /** Stops PostgreSQL and deletes its data (also done at exit if this is never reached). */
  async dispose(): Promise<void> {
    await this.pg?.destroy();
    this.pg = undefined;
  }

  /** The cluster, and a template database prepared as bench/concord-setup.ts prepares SQLite. */
  private template(): Promise<Omit<Deployment, 'dir'>> {
    this.pgTemplate ??= (async () => {
      this.pg = await startBenchPostgres();
      const stores = await openPgStores(await this.pg.createDatabase('bench_template'));
      try {
        const seed = readFileSync(this.options.seedFile);
        return { target: 'concord' as const, ...(await setupConcordOn(stores, { seed, ...this.options })) };
      } finally {
        // CREATE DATABASE … TEMPLATE needs the template without connections.
        await stores.close();
      }
    })();
    return this.pgTemplate;
  }

  private async launch(deployment: Deployment, env: Record<string, string> = {}): Promise<RunningServer> {
    const server = await launch(deployment, env);
    liveServers.add(server);
    return server;
  }

  private async stopServer(server: RunningServer): Promise<void> {
    await server.stop();
    liveServers.delete(server);
  }

  private running(servers: RunningServer[], parts: Part[], stopEngines: () => Promise<void>, compactions?: () => number): Running {
    return {
      servers,
      parts,
      ...(compactions ? { compactions } : {}),
      spec: (role, index) => {
        const spec = clientSpec(servers[index % servers.length]!, 0, role, index);
        return servers.length > 1 ? { ...spec, via: index % servers.length } : spec;
      },
      stop: async () => {
        await Promise.allSettled(servers.map((s) => this.stopServer(s)));
        await stopEngines();
      },
    };
  }
}

function concordPart(servers: RunningServer[]): Part {
  const sum = (f: (pid: number) => number) => servers.reduce((t, s) => t + f(s.pid), 0);
  return { name: 'concord', cpuMs: () => sum(processCpuMs), memMiB: () => sum(processRssMiB) };
}
