/** One error type for the HTTP boundary, one place that maps errors to responses. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCode, type ErrorBody } from '@concord/shared';
import type { Logger } from '../logger.js';

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds after which a retry may succeed; sent as `Retry-After` (429s always have one). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, ErrorCode.badRequest, message, details);
export const unauthorized = (message = 'sign in first') => new HttpError(401, ErrorCode.unauthorized, message);
export const forbidden = (message: string) => new HttpError(403, ErrorCode.forbidden, message);
/** Also used for documents the caller may not see, so as not to reveal that they exist. */
export const notFound = (message = 'not found') => new HttpError(404, ErrorCode.notFound, message);
export const conflict = (message: string, details?: unknown) => new HttpError(409, ErrorCode.conflict, message, details);
export const tooLarge = (message: string) => new HttpError(413, ErrorCode.tooLarge, message);
/** 429 with `Retry-After`: whole seconds, at least 1 (clients must not hammer on 0). */
export const rateLimited = (message = 'too many requests; try again shortly', retryAfterSeconds = 1) =>
  new HttpError(429, ErrorCode.rateLimited, message, undefined, Math.max(1, Math.ceil(retryAfterSeconds)));

export function errorHandler(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof HttpError) {
      const body: ErrorBody = {
        error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) },
      };
      if (err.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.retryAfterSeconds));
      return c.json(body, err.status);
    }
    log.error({ err, path: c.req.path }, 'unhandled error');
    const body: ErrorBody = { error: { code: ErrorCode.internal, message: 'internal error' } };
    return c.json(body, 500);
  };
}

/** Parses a JSON body; a missing or malformed body is a 400, never a crash. */
export async function readJson(c: Context, maxBytes = 64 * 1024): Promise<unknown> {
  const length = Number(c.req.header('content-length') ?? '0');
  if (length > maxBytes) throw tooLarge(`request body over ${maxBytes} bytes`);
  const text = await c.req.text();
  if (text.length > maxBytes) throw tooLarge(`request body over ${maxBytes} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('request body must be JSON');
  }
}
