/**
 * Concord only: what opening a reviewed 150-page report costs the others.
 *
 * Each open fetches GET /api/docs/:id/consensus (every commissioner's vote on
 * every block: ~7 MB). While it is fetched, a second client asks /healthz in a
 * loop: its slowest answer is how long the server's event loop was held, i.e.
 * how long everyone else's edits waited. Several fetches per server: the first
 * loads the document (cold), the rest find it open (warm).
 *
 * `pnpm -C bench consensus-open [--reps N] [--tag T]`; BENCH_CONCORD_DIR=<checkout> measures
 * another build (before/after). Results: results/consensus-open[-T].json.
 */
import { log, parseArgs, saveResults, workspace } from '../lib/run.js';
import { deploy, launch } from '../lib/targets.js';
import { summarize } from '../lib/stats.js';

const options = parseArgs(undefined, { reps: 6, fullReps: 20 });
const ws = workspace(options, 150);

interface Open {
  bytes: number;
  fetchMs: number;
  healthMaxMs: number;
  healthMedianMs: number;
  healthChecks: number;
}

async function openOnce(url: string, health: string, cookie: string): Promise<Open> {
  let stop = false;
  const waits: number[] = [];
  const pinger = (async () => {
    while (!stop) {
      const t = performance.now();
      await fetch(health);
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.text();
  const fetchMs = performance.now() - t0;
  stop = true;
  await pinger;
  if (res.status !== 200) throw new Error(`consensus answered ${res.status}`);
  JSON.parse(body);
  const s = summarize(waits);
  return { bytes: Buffer.byteLength(body), fetchMs, healthMaxMs: s.max, healthMedianMs: s.p50, healthChecks: waits.length };
}

const deployment = await deploy('concord', ws.runDir('consensus-open'), {
  seedFile: ws.seedFile,
  docs: 1,
  writers: 16,
  readers: 0,
  reviewed: { threads: 300 },
});
const server = await launch(deployment);
const opens: Open[] = [];
try {
  const url = `http://127.0.0.1:${server.port}/api/docs/${deployment.docIds[0]}/consensus`;
  const health = `http://127.0.0.1:${server.port}/healthz`;
  for (let i = 0; i < options.reps; i++) {
    const open = await openOnce(url, health, deployment.writerCookies[0]!);
    log(
      `${i === 0 ? 'cold' : 'warm'} open: ${open.bytes} bytes in ${open.fetchMs.toFixed(0)} ms; /healthz waited at most ${open.healthMaxMs.toFixed(0)} ms`,
    );
    opens.push(open);
  }
} finally {
  await server.stop();
}
const warm = opens.slice(1);
const file = saveResults('consensus-open', options, ws, {
  concordDir: process.env.BENCH_CONCORD_DIR ?? null,
  loadavg: (await import('node:os')).loadavg(),
  cold: opens[0],
  warm: { fetchMs: summarize(warm.map((o) => o.fetchMs)), healthMaxMs: summarize(warm.map((o) => o.healthMaxMs)) },
  opens,
});
log(`results: ${file}`);
