/** The one place that maps errors to responses: DomainError → status, `Retry-After` and `{error:{code,message}}`. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCode, type ErrorBody } from '@concord/shared';
import type { Logger } from '../logger.js';
import { DomainError, type DomainErrorReason } from '../domain/domain-error.js';

export {
  DomainError,
  badRequest,
  unauthorized,
  forbidden,
  notFound,
  conflict,
  tooLarge,
  unsupportedMedia,
  rateLimited,
  busy,
} from '../domain/domain-error.js';

const RESPONSE: Record<DomainErrorReason, { status: ContentfulStatusCode; code: ErrorCode }> = {
  bad_request: { status: 400, code: ErrorCode.badRequest },
  unauthorized: { status: 401, code: ErrorCode.unauthorized },
  forbidden: { status: 403, code: ErrorCode.forbidden },
  not_found: { status: 404, code: ErrorCode.notFound },
  conflict: { status: 409, code: ErrorCode.conflict },
  too_large: { status: 413, code: ErrorCode.tooLarge },
  unsupported: { status: 415, code: ErrorCode.unsupportedMediaType },
  rate_limited: { status: 429, code: ErrorCode.rateLimited },
  busy: { status: 503, code: ErrorCode.rateLimited },
};

export function errorHandler(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof DomainError) {
      const { status, code } = RESPONSE[err.reason];
      const body: ErrorBody = { error: { code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
      if (err.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.retryAfterSeconds));
      return c.json(body, status);
    }
    log.error({ err, path: c.req.path }, 'unhandled error');
    const body: ErrorBody = { error: { code: ErrorCode.internal, message: 'internal error' } };
    return c.json(body, 500);
  };
}
