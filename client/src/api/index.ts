/**
 * Typed access to the Concord HTTP API through Hono's `hc<AppType>` (http.ts):
 * request bodies, queries and path parameters are what the server's zod
 * schemas accept, answers what its routes return — no response shape is
 * declared by hand here.
 */
export { ApiError, onUnauthorized } from './http';
export { authApi, type Me } from './auth';
export { docsApi, invitationsApi, membersApi, type DocMeta, type DocSummary, type Member } from './docs';
export type { ExportPreview, ExportPreviewBlock, ExportScope, ImportResult } from './publish';
export * from './types';
