/**
 * The load generator: a separate process (pinned to its own core) that owns
 * every benchmark client and answers commands from the scenario over IPC.
 * It measures its own event-loop delay and CPU so that runs in which the
 * generator, not the server, was the bottleneck can be thrown away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { connectClient, whenComplete, type BenchClient, type ClientSpec } from './clients.js';
import { Receiver, Writer } from './typing.js';
import { summarize, type LatencySummary } from './stats.js';
import type { Command, GeneratorHealth } from './loadgen.js';

// Every stock client adds process listeners of its own.
process.setMaxListeners(0);

let writers: Writer[] = [];
let readers: BenchClient[] = [];
let receivers: Receiver[] = [];
/** The server process each client connected to, when the scenario runs several (ClientSpec.via). */
const viaOf = new Map<BenchClient, number>();

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function connectAll(specs: ClientSpec[], topLevel: number, concurrency = 8): Promise<BenchClient[]> {
  const clients: BenchClient[] = new Array(specs.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < specs.length) {
      const i = nextIndex++;
      const client = connectClient(specs[i]!);
      clients[i] = client;
      if (specs[i]!.via !== undefined) viaOf.set(client, specs[i]!.via);
      await whenComplete(client, topLevel);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
  return clients;
}

function health(): { start(): void; stop(): GeneratorHealth } {
  const h = monitorEventLoopDelay({ resolution: 5 });
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  return {
    start() {
      h.reset();
      h.enable();
      cpu0 = process.cpuUsage();
      t0 = performance.now();
    },
    stop() {
      h.disable();
      const cpu = process.cpuUsage(cpu0);
      return {
        loopDelayP99Ms: h.percentile(99) / 1e6,
        loopDelayMaxMs: h.max / 1e6,
        cpuShare: (cpu.user + cpu.system) / 1000 / (performance.now() - t0),
      };
    },
  };
}

async function typeFor(cmd: Extract<Command, { cmd: 'type' }>) {
  const latencies: number[] = [];
  const acks: number[] = [];
  let windowStart = Infinity;
  let windowEnd = Infinity;
  const inWindow = (sentAt: number) => sentAt >= windowStart && sentAt < windowEnd;
  // With several server processes, edits that crossed from one to another (through the store and
  // the bus) are also collected apart from those writer and reader received on the same process.
  const byHop = { local: [] as number[], remote: [] as number[] };
  const split = viaOf.size > 0;
  // Where in the window the slow edits were sent: a tail made of a few stalls shows as a few tall slices.
  const timeline: number[] = [];
  const slice = cmd.timelineMs;
  const onTimeline = (ms: number, sentAt: number) => {
    if (!slice) return;
    const i = Math.floor((sentAt - windowStart) / slice);
    while (timeline.length <= i) timeline.push(0);
    timeline[i] = Math.max(timeline[i]!, ms);
  };
  receivers = (readers.length > 0 ? readers : writers.map((w) => w.client)).flatMap((client) => {
    const others = writers.filter((w) => w.client !== client);
    if (!split)
      return [
        new Receiver(
          client,
          others.map((w) => w.log),
          (ms, sentAt) => {
            if (!inWindow(sentAt)) return;
            latencies.push(ms);
            onTimeline(ms, sentAt);
          },
        ),
      ];
    return (['local', 'remote'] as const).map(
      (hop) =>
        new Receiver(
          client,
          others.filter((w) => (viaOf.get(w.client) === viaOf.get(client)) === (hop === 'local')).map((w) => w.log),
          (ms, sentAt) => {
            if (!inWindow(sentAt)) return;
            latencies.push(ms);
            byHop[hop].push(ms);
            onTimeline(ms, sentAt);
          },
        ),
    );
  });
  for (const w of writers) {
    let acked = 0;
    w.client.onAck = (clock) => {
      const now = performance.now();
      while (acked < w.log.clocks.length && w.log.clocks[acked]! <= clock) {
        if (inWindow(w.log.times[acked]!)) acks.push(now - w.log.times[acked]!);
        acked++;
      }
    };
    w.start(cmd.rate);
  }
  const gen = health();
  await sleep(cmd.warmupMs);
  windowStart = performance.now();
  const typedBefore = writers.reduce((n, w) => n + w.typed, 0);
  const allClients = () => [...writers.map((w) => w.client), ...readers];
  const closesBefore = new Map(allClients().map((c) => [c, c.closes().length]));
  gen.start();
  process.send!({ event: 'window-start' });
  await sleep(cmd.durationMs);
  windowEnd = performance.now();
  const generator = gen.stop();
  const edits = writers.reduce((n, w) => n + w.typed, 0) - typedBefore;
  const closeCodes: Record<string, number> = {};
  for (const c of allClients())
    for (const code of c.closes().slice(closesBefore.get(c) ?? 0)) closeCodes[code] = (closeCodes[code] ?? 0) + 1;
  const disconnects = Object.values(closeCodes).reduce((a, b) => a + b, 0);
  process.send!({ event: 'window-end' });
  for (const w of writers) w.stop();
  await sleep(cmd.drainMs);
  const missing = receivers.reduce((n, r) => n + r.missing(windowStart, windowEnd), 0);
  for (const r of receivers) r.detach();
  const result: {
    edits: number;
    disconnects: number;
    closeCodes: Record<string, number>;
    windowMs: number;
    latency: LatencySummary;
    ack: LatencySummary;
    missing: number;
    generator: GeneratorHealth;
    latencyByHop?: { local: LatencySummary; remote: LatencySummary };
    timeline?: number[];
  } = {
    edits,
    disconnects,
    closeCodes,
    windowMs: windowEnd - windowStart,
    latency: summarize(latencies),
    ack: summarize(acks),
    missing,
    generator,
    ...(split ? { latencyByHop: { local: summarize(byHop.local), remote: summarize(byHop.remote) } } : {}),
    ...(slice ? { timeline: timeline.map((ms) => Math.round(ms)) } : {}),
  };
  return result;
}

/** After a crash: what each writer typed, what the server acknowledged, what another client had received. */
function ackReport() {
  for (const w of writers) w.stop();
  const observer = readers[0];
  const report = writers.map((w) => ({
    clientId: w.client.doc.clientID,
    typed: Y.getState(w.client.doc.store, w.client.doc.clientID),
    acked: w.client.ackedClock() ?? null,
    seenByPeer: observer ? observer.stateOf(w.client.doc.clientID) : null,
  }));
  closeAll();
  return report;
}

function closeAll() {
  for (const r of receivers) r.detach();
  for (const c of [...writers.map((w) => w.client), ...readers]) c.destroy();
  writers = [];
  readers = [];
  receivers = [];
  viaOf.clear();
}

async function handle(cmd: Command): Promise<unknown> {
  switch (cmd.cmd) {
    case 'connect': {
      const t0 = performance.now();
      // Additive: a ramp connects more writers between steps.
      const writerClients = await connectAll(cmd.writers, cmd.topLevel);
      const newReaders = await connectAll(cmd.readers, cmd.topLevel);
      for (const r of newReaders) r.awareness.setLocalStateField('user', { name: 'reader', color: '#999999' });
      // Once synced, clients read edits off the wire rather than integrate them (see wire-receipts.ts).
      if (!cmd.integrate) for (const c of [...writerClients, ...newReaders]) c.stopIntegrating();
      readers.push(...newReaders);
      const first = writers.length;
      // Writer n types in paragraph 37·n (37 is coprime with the paragraph count, so they rarely share one).
      writers.push(
        ...writerClients.map((c, i) => new Writer(c, (first + i) * 37, cmd.seed + first + i, cmd.presence, cmd.caretIntervalMs ?? 0)),
      );
      return { connectMs: performance.now() - t0, writers: writers.length, readers: readers.length };
    }
    case 'type':
      return typeFor(cmd);
    case 'halt':
      return { writers: ackReport() };
    case 'open': {
      const t0 = performance.now();
      const client = connectClient(cmd.spec);
      const done = await whenComplete(client, cmd.topLevel, cmd.timeoutMs);
      const bytes = client.bytesIn();
      const stateVector = Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(client.doc)));
      client.destroy();
      return { ms: done - t0, bytes, stateVector };
    }
    case 'hold': {
      const clients = await connectAll(cmd.specs, cmd.topLevel, 4);
      readers.push(...clients);
      return { held: readers.length };
    }
    case 'close':
      closeAll();
      return {};
  }
}

process.on('message', (msg: { id: number; command: Command }) => {
  if (!msg || typeof msg.id !== 'number') return;
  handle(msg.command).then(
    (result) => process.send!({ id: msg.id, result }),
    (err: unknown) => process.send!({ id: msg.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send!({ event: 'ready' });
