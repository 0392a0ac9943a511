/**
 * One timed editing window of the scale scenario: like session.ts's, but the
 * CPU time and memory of every process of the layout (Concord's, PostgreSQL's,
 * Redis's), each kind reported apart and in total.
 */
import { generatorLagged, type LoadGenerator, type TypeResult } from './loadgen.js';
import type { Running } from './scale-layouts.js';

interface PartUsage {
  cpuMs: number;
  cpuUsPerEdit: number;
  /** CPU time per wall time (1 = one core busy). */
  cpuShare: number;
  /** Concord: highest sample during the window; PostgreSQL and Redis: at its end. */
  memMiB: number;
}

export interface ScaleWindow extends TypeResult {
  editsPerSec: number;
  parts: Record<string, PartUsage>;
  total: { cpuUsPerEdit: number; cpuShare: number };
  /** PostgreSQL layouts: compactions of the document during the window (by any process). */
  compactions?: number;
  lagged: boolean;
}

export async function scaleWindow(
  { parts, compactions }: Pick<Running, 'parts' | 'compactions'>,
  gen: LoadGenerator,
  p: { rate: number; warmupMs: number; durationMs: number; drainMs: number; timelineMs?: number },
): Promise<ScaleWindow> {
  let gens: number[] = [];
  let start: number[] = [];
  let end: number[] = [];
  const peak = parts.map(() => 0);
  let sampler: NodeJS.Timeout | undefined;
  // Concord's memory moves during a window; PostgreSQL's and Redis's barely (and PSS is costlier to read).
  const sample = () => parts.forEach((part, i) => part.name === 'concord' && (peak[i] = Math.max(peak[i]!, part.memMiB())));
  const off = gen.on((e) => {
    if (e === 'window-start') {
      start = parts.map((part) => part.cpuMs());
      if (compactions) gens = [compactions()];
      sampler = setInterval(sample, 250);
    } else if (e === 'window-end') {
      end = parts.map((part) => part.cpuMs());
      if (compactions) gens.push(compactions());
      clearInterval(sampler);
      sample();
      parts.forEach((part, i) => part.name !== 'concord' && (peak[i] = part.memMiB()));
    }
  });
  try {
    const r = await gen.request<TypeResult>({ cmd: 'type', ...p });
    const edits = Math.max(1, r.edits);
    const usage = parts.map((part, i) => {
      const cpuMs = end[i]! - start[i]!;
      return [part.name, { cpuMs, cpuUsPerEdit: (cpuMs * 1000) / edits, cpuShare: cpuMs / r.windowMs, memMiB: peak[i]! }] as const;
    });
    const totalMs = usage.reduce((t, [, u]) => t + u.cpuMs, 0);
    return {
      ...r,
      editsPerSec: (r.edits * 1000) / r.windowMs,
      parts: Object.fromEntries(usage),
      total: { cpuUsPerEdit: (totalMs * 1000) / edits, cpuShare: totalMs / r.windowMs },
      ...(gens.length === 2 ? { compactions: gens[1]! - gens[0]! } : {}),
      lagged: generatorLagged(r.generator),
    };
  } finally {
    off();
    clearInterval(sampler);
  }
}
