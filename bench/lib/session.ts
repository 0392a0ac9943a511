/**
 * One timed editing window against a running server: the generator types,
 * this side samples the server process's CPU time and RSS during the window.
 */
import { generatorLagged, type LoadGenerator, type TypeResult } from './loadgen.js';
import { processCpuMs, processRssMiB } from './proc.js';
import { clientSpec, type RunningServer } from './targets.js';
import type { ClientSpec } from './clients.js';

/** The steady-editing load (steady.ts, and scale.ts against several layouts): writers, readers, keystrokes/s per writer. */
export const STEADY = { writers: 20, readers: 30, rate: 5 };

export interface EditingResult extends TypeResult {
  editsPerSec: number;
  serverCpuShare: number;
  serverCpuUsPerEdit: number;
  rssMeanMiB: number;
  rssMaxMiB: number;
  lagged: boolean;
}

/** Connection specs for clients from..to-1 of a role. Concord clients ask for `saved` acks, as Concord's own editor does. */
export function specs(server: RunningServer, role: 'writer' | 'reader', from: number, to: number, docIndex = 0): ClientSpec[] {
  return Array.from({ length: to - from }, (_, i) => clientSpec(server, docIndex, role, from + i));
}

export async function editingWindow(
  server: RunningServer,
  gen: LoadGenerator,
  p: { rate: number; warmupMs: number; durationMs: number; drainMs: number },
): Promise<EditingResult> {
  let cpuStart = 0;
  let cpuEnd = 0;
  const rss: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  const offStart = gen.on((e) => {
    // The stall probe in the server (BENCH_STALL_PROBE, stalls/probe.mjs) records the window only.
    if (process.env.BENCH_STALL_PROBE && (e === 'window-start' || e === 'window-end')) process.kill(server.pid, 'SIGUSR2');
    if (e === 'window-start') {
      cpuStart = processCpuMs(server.pid);
      sampler = setInterval(() => rss.push(processRssMiB(server.pid)), 250);
    } else if (e === 'window-end') {
      cpuEnd = processCpuMs(server.pid);
      clearInterval(sampler);
      rss.push(processRssMiB(server.pid));
    }
  });
  try {
    const r = await gen.request<TypeResult>({ cmd: 'type', ...p });
    const cpuMs = cpuEnd - cpuStart;
    return {
      ...r,
      editsPerSec: (r.edits * 1000) / r.windowMs,
      serverCpuShare: cpuMs / r.windowMs,
      serverCpuUsPerEdit: (cpuMs * 1000) / Math.max(1, r.edits),
      rssMeanMiB: rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length),
      rssMaxMiB: Math.max(...rss),
      lagged: generatorLagged(r.generator),
    };
  } finally {
    offStart();
    clearInterval(sampler);
  }
}
