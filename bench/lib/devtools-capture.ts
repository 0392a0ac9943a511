/**
 * CPU profiles and Chrome traces of one phase of a browser scenario, written to a directory for
 * later reading (`.cpuprofile` in DevTools, `.trace.json` in Perfetto). Off unless the scenario
 * is given a directory, so the measured runs carry no profiler overhead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

type Stop = () => Promise<void>;
const nothing: Stop = () => Promise.resolve();

/** Samples the page's main thread every `intervalUs` until the returned function is called. */
export async function startCpuProfile(
  context: BrowserContext,
  tab: Page,
  dir: string | undefined,
  name: string,
  intervalUs = 200,
): Promise<Stop> {
  if (!dir) return nothing;
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Profiler.enable');
  // PROFILE_INTERVAL_US overrides the interval (a finer one for a keystroke's few milliseconds, at more overhead).
  const interval = Number(process.env.PROFILE_INTERVAL_US) || intervalUs;
  await cdp.send('Profiler.setSamplingInterval', { interval });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  };
}

/** Records the timeline (script, style, layout, paint per task) until the returned function is called. */
export async function startTrace(context: BrowserContext, tab: Page, dir: string | undefined, name: string): Promise<Stop> {
  if (!dir) return nothing;
  const tracer = await context.newCDPSession(tab);
  const traceEvents: unknown[] = [];
  tracer.on('Tracing.dataCollected', (e: { value: unknown[] }) => traceEvents.push(...e.value));
  await tracer.send('Tracing.start', {
    // TRACE_CATEGORIES adds more, e.g. disabled-by-default-devtools.timeline.invalidationTracking (what invalidated style, layout, paint).
    categories: ['devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing', process.env.TRACE_CATEGORIES]
      .filter(Boolean)
      .join(','),
    transferMode: 'ReportEvents',
  });
  return async () => {
    const complete = new Promise<void>((resolve) => tracer.once('Tracing.tracingComplete', () => resolve()));
    await tracer.send('Tracing.end');
    await complete;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}-${Date.now()}.trace.json`), JSON.stringify({ traceEvents }));
    await tracer.detach();
  };
}
