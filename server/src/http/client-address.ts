/** The client address of a request: the socket's peer, or behind a trusted proxy what it forwarded. */
import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import { addressBehindProxies, normalizeAddress } from '../auth/client-address.js';

export function clientAddress(c: Context<AppEnv>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const peer = normalizeAddress(incoming?.socket?.remoteAddress ?? 'unknown');
  return addressBehindProxies(peer, c.req.header('x-forwarded-for'), c.get('services').config.trustedProxies);
}
