/**
 * The HTTP API's contract: request schemas (zod) the server validates every body
 * and query with, and the limits both sides share. docs/PROTOCOL.md describes it
 * in words; /api/openapi.json is generated from these same schemas.
 */
export * from './limits.js';
export * from './query-flags.js';
export * from './auth-requests.js';
export * from './doc-requests.js';
export * from './consensus-requests.js';
export * from './proposal-requests.js';
export * from './comment-requests.js';
export * from './misc-requests.js';
export * from './round-requests.js';
export * from './path-params.js';
export type * from './doc-responses.js';
export type * from './review-responses.js';
export type * from './round-responses.js';
export * from './version-requests.js';
export type * from './version-responses.js';
