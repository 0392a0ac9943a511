/**
 * Typed access to the Concord HTTP API: one fetch wrapper (http.ts) and, per
 * area, calls typed with the contract in @concord/shared — the request bodies
 * are the zod schemas' input types the server validates with, the answers the
 * response types the server's routes are checked against. (Not Hono's
 * `hc<AppType>`: that would make the browser's type check compile the whole
 * server; the shared contract gives the same single source without it.)
 */
export { ApiError, onUnauthorized } from './http';
export { authApi } from './auth';
export { docsApi, membersApi } from './docs';
export * from './types';
