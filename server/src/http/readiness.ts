/**
 * GET /readyz: whether this process can serve — its store answers, and with
 * REDIS_URL its bus (Redis) does. A load balancer sends traffic only to ready
 * processes; /healthz (liveness) stays 200 as long as the process runs. 503
 * names what is not reachable.
 */
import type { Context } from 'hono';
import type { AppEnv, Services } from './context.js';

/** How long the store or the bus may take to answer before the process counts as not ready. */
const CHECK_TIMEOUT_MS = 2000;

export function readiness(services: Services) {
  return async (c: Context<AppEnv>) => {
    const busPing = services.busPing;
    const [store, bus] = await Promise.all([reachable(services.storePing), busPing ? reachable(busPing) : Promise.resolve(undefined)]);
    if (!store) services.log.warn('readiness: the store does not answer');
    if (bus === false) services.log.warn('readiness: Redis (the bus) does not answer');
    const ok = store && bus !== false;
    return c.json(
      { ok, store: store ? 'ok' : 'unreachable', ...(bus === undefined ? {} : { bus: bus ? 'ok' : 'unreachable' }) },
      ok ? 200 : 503,
    );
  };
}

async function reachable(check: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
