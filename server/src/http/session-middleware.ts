import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../auth/sessions.js';
import type { AppEnv, Services } from './context.js';

export function sessionMiddleware(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('services', services);
    c.set('user', await services.sessions.resolve(getCookie(c, SESSION_COOKIE)));
    await next();
  };
}
