/**
 * Soak: the hardening tests (tests/fuzz, tests/integration/hardening-*,
 * convergence), longer and with fresh seeds. One command:
 *
 *   pnpm -C bench soak [--rounds 3] [--iterations 10000] [--clients 8] [--steps 3000]
 *                      [--attack-seconds 30] [--seed N] [--json out.json]
 *
 * Each round runs, on fresh servers:
 *  1. the sync fuzz (--iterations hostile and good operations, checked one by one;
 *     then a fresh client and the reloaded store must equal the valid updates alone,
 *     and no acknowledgement may cover a refused update);
 *  2. convergence (--clients stock clients × --steps random edits, disconnects and
 *     reconnects, then a server restart);
 *  3. a server process under attack for --attack-seconds (health checks, a quiet
 *     document's edits, resident memory).
 * Prints one line per phase and a summary for docs/RELIABILITY.md. Every seed is
 * printed; pass it back with --seed to replay a round (round k uses seed + k).
 * Exits with 1 on any violation.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startTestServer, type TestServer } from '../../tests/helpers/server.js';
import { createDocWithMembers, signedInUser } from '../../tests/helpers/users.js';
import { runConvergence, summariseConvergence, type ConvergenceReport } from '../../tests/fuzz/support/convergence.js';
import { stateVectorOf } from '../../tests/fuzz/support/doc-state.js';
import { healthz, startDocFixture, watchServerClientIds } from '../../tests/fuzz/support/fixture.js';
import { compareDocs, loadFromStore, loadWithStockClient } from '../../tests/fuzz/support/final-state.js';
import { checkAcknowledgements, runSyncFuzz, summarise, type SyncFuzzReport } from '../../tests/fuzz/support/sync-fuzz.js';
import { runUnderAttack, summariseUnderAttack, type UnderAttackReport } from '../../tests/fuzz/support/under-attack.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    iterations: { type: 'string', default: '10000' },
    clients: { type: 'string', default: '8' },
    steps: { type: 'string', default: '3000' },
    'attack-seconds': { type: 'string', default: '30' },
    seed: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(
    'pnpm -C bench soak [--rounds 3] [--iterations 10000] [--clients 8] [--steps 3000] [--attack-seconds 30] [--seed N] [--json out.json]',
  );
  process.exit(0);
}
const num = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};
const ROUNDS = num('rounds');
const ITERATIONS = num('iterations');
const CLIENTS = num('clients');
const STEPS = num('steps');
const ATTACK_MS = num('attack-seconds') * 1000;
const BASE_SEED = args.seed !== undefined ? Number(args.seed) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const MAX_MESSAGE_BYTES = String(64 * 1024);

interface RoundResult {
  round: number;
  seed: number;
  fuzz: Omit<SyncFuzzReport, 'expected' | 'acceptedClients' | 'garbageClients' | 'saved'> & { saved: number };
  convergence: ConvergenceReport;
  attack?: UnderAttackReport;
  violations: string[];
}

async function fuzzRound(seed: number): Promise<{ report: SyncFuzzReport; violations: string[] }> {
  const fx = await startDocFixture({ MAX_MESSAGE_BYTES });
  let server: TestServer = fx.server;
  try {
    const report = await runSyncFuzz({
      seed,
      iterations: ITERATIONS,
      serverUrl: server.url,
      docId: fx.docId,
      cookies: { good: fx.good.cookie, attacker: fx.attacker.cookie, observer: fx.observer.cookie },
      serverClientIds: fx.serverClientIds,
      log: (line) => console.log(`  ${line}`),
    });
    const violations = [...report.violations];
    await healthz(server.url);
    const fresh = await loadWithStockClient(server.url, fx.docId, fx.observer.cookie);
    violations.push(...compareDocs('fresh client', fresh, report.expected, fx.serverClientIds));
    await server.stop();
    server = await startTestServer({ dataDir: fx.server.dataDir, env: { MAX_MESSAGE_BYTES } });
    watchServerClientIds(server, fx.serverClientIds);
    const stored = await loadFromStore(server.services.stores.docs, fx.docId);
    violations.push(...compareDocs('stored document after restart', stored.doc, report.expected, fx.serverClientIds));
    violations.push(...checkAcknowledgements(report, stateVectorOf(stored.doc), fx.serverClientIds));
    return { report, violations };
  } finally {
    await server.stop();
    rmSync(fx.server.dataDir, { recursive: true, force: true });
  }
}

async function convergenceRound(seed: number): Promise<ConvergenceReport> {
  let server = await startTestServer();
  const dataDir = server.dataDir;
  try {
    const author = await signedInUser(server, 'Author');
    const others = await Promise.all(
      Array.from({ length: Math.max(0, CLIENTS - 1) }, (_, i) => signedInUser(server, `Commissioner ${i + 1}`)),
    );
    const docId = await createDocWithMembers(
      server,
      author,
      others.map((o) => ({ user: o.user, role: 'commissioner' as const })),
    );
    return await runConvergence({
      seed,
      steps: STEPS,
      serverUrl: server.url,
      docId,
      cookies: [author.cookie, ...others.map((o) => o.cookie)],
      convergeTimeoutMs: 120_000,
      restart: async () => {
        await server.stop();
        server = await startTestServer({ dataDir });
        return server.url;
      },
    });
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `soak: ${ROUNDS} rounds; fuzz ${ITERATIONS} operations, convergence ${CLIENTS} clients × ${STEPS} steps, attack ${ATTACK_MS / 1000} s; base seed ${BASE_SEED} (replay: --seed ${BASE_SEED})`,
  );
  const results: RoundResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const seed = (BASE_SEED + round) >>> 0;
    console.log(`round ${round + 1}/${ROUNDS}, seed ${seed}`);
    const fuzz = await fuzzRound(seed);
    console.log(`  fuzz: ${summarise(fuzz.report)}`);
    const convergence = await convergenceRound(seed);
    console.log(`  convergence: ${summariseConvergence(convergence)}`);
    const attack = ATTACK_MS > 0 ? await runUnderAttack({ seed, attackMs: ATTACK_MS }) : undefined;
    if (attack) console.log(`  under attack: ${summariseUnderAttack(attack)}`);
    const violations = [
      ...fuzz.violations,
      ...convergence.violations,
      ...(attack?.violations ?? []),
      ...(attack && !attack.serverAlive ? ['server died under attack'] : []),
    ];
    for (const v of violations.slice(0, 20)) console.log(`  VIOLATION ${v}`);
    const { expected: _e, acceptedClients: _a, garbageClients: _g, saved, ...fuzzFigures } = fuzz.report;
    results.push({
      round: round + 1,
      seed,
      fuzz: { ...fuzzFigures, saved: saved.length },
      convergence,
      ...(attack ? { attack } : {}),
      violations,
    });
  }

  const total = (f: (r: RoundResult) => number) => results.reduce((sum, r) => sum + f(r), 0);
  const worst = (f: (r: RoundResult) => number) => Math.max(0, ...results.map(f));
  const violations = total((r) => r.violations.length);
  const summary = [
    `Soak summary (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores): ${ROUNDS} rounds, base seed ${BASE_SEED}, ${Math.round((performance.now() - started) / 1000)} s`,
    `- sync fuzz: ${total((r) => r.fuzz.iterations)} operations (${total((r) => r.fuzz.iterations - r.fuzz.goodEdits)} hostile, ${total((r) => r.fuzz.goodEdits)} good edits); ` +
      `${total((r) => r.fuzz.yjsBad)} updates Yjs itself rejects or parks; accepted as valid ${total((r) => r.fuzz.outcomes.accepted ?? 0)}; attacker closed with 4400 ${total((r) => r.fuzz.closeCodes['4400'] ?? 0)} times; ` +
      `${total((r) => r.fuzz.saved)} acknowledgements checked; ${(total((r) => r.fuzz.durationMs) / 1000).toFixed(0)} s`,
    `- convergence: ${total((r) => r.convergence.edits)} edits (${total((r) => r.convergence.offlineEdits)} offline) by ${CLIENTS} clients, ${total((r) => r.convergence.disconnects)} disconnects; every round identical, also after a restart: ${results.every((r) => r.convergence.violations.length === 0) ? 'yes' : 'NO'}`,
    ...(ATTACK_MS > 0
      ? [
          `- under attack (${ATTACK_MS / 1000} s per round): ${total((r) => Object.values(r.attack?.outcomes ?? {}).reduce((a, b) => a + b, 0))} hostile connections; ` +
            `/healthz worst median ${worst((r) => r.attack?.healthMs.median ?? 0)} ms, worst max ${worst((r) => r.attack?.healthMs.max ?? 0)} ms; ` +
            `quiet-document edits worst median ${worst((r) => r.attack?.quietEditMs.median ?? 0)} ms, worst max ${worst((r) => r.attack?.quietEditMs.max ?? 0)} ms; ` +
            `server RSS growth worst ${worst((r) => (r.attack ? r.attack.rssMiB.after - r.attack.rssMiB.before : 0))} MiB`,
        ]
      : []),
    `- violations: ${violations}`,
  ].join('\n');
  console.log(`\n${summary}`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ summary, rounds: results }, null, 2));
  process.exit(violations > 0 ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
