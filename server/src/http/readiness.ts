/**
 * GET /readyz: whether this process can serve — its store answers. A load
 * balancer sends traffic only to ready processes; /healthz (liveness) stays 200
 * as long as the process runs. 503 names what is not reachable.
 */
import type { Context } from 'hono';
import type { AppEnv, Services } from './context.js';

/** How long the store may take to answer before the process counts as not ready. */
const CHECK_TIMEOUT_MS = 2000;

export function readiness(services: Services) {
  return async (c: Context<AppEnv>) => {
    const store = await reachable(() => services.stores.ping?.() ?? Promise.resolve());
    if (!store) services.log.warn('readiness: the store does not answer');
    return c.json({ ok: store, store: store ? 'ok' : 'unreachable' }, store ? 200 : 503);
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
