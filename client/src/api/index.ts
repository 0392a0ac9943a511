/**
 * Typed access to the Concord HTTP API. A small hand-written wrapper rather than
 * `hc<AppType>`: the client package does not depend on `hono` or the server.
 */
export { ApiError, onUnauthorized } from './http';
export { authApi } from './auth';
export { docsApi, membersApi } from './docs';
export * from './types';
