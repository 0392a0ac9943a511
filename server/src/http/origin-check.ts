/**
 * Browsers send Origin; a page from another site must not ride on the user's
 * cookie, neither on the sync socket (cross-site WebSocket hijacking) nor on the
 * JSON API (SameSite=Lax still sends the cookie from sibling subdomains, and the
 * API parses bodies whatever their content type). Allowed: no Origin (non-browser
 * clients, same-origin GETs), the server's own origin, and ALLOWED_ORIGINS.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Services } from './context.js';
import { forbidden } from './errors.js';

export function isOriginAllowed(c: Context<AppEnv>, services: Services): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true; // non-browser clients: the cookie alone authenticates them
  if (services.config.allowedOrigins.includes(origin)) return true;
  const host = c.req.header('host');
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Refuses API requests from pages of other origins with 403, before anything else runs. */
export function originCheck(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isOriginAllowed(c, services)) throw forbidden('requests from other sites are not allowed');
    await next();
  };
}
