/**
 * The one error type of the application layer. Services throw it with a reason;
 * the HTTP boundary maps the reason to a status and an ErrorCode in one place
 * (http/errors.ts, `app.onError`), the CLI prints its message.
 */
export type DomainErrorReason =
  'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unsupported' | 'rate_limited' | 'busy';

export class DomainError extends Error {
  constructor(
    readonly reason: DomainErrorReason,
    message: string,
    readonly details?: unknown,
    /** Seconds after which a retry may succeed (sent as `Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (message: string, details?: unknown) => new DomainError('bad_request', message, details);
export const unauthorized = (message = 'sign in first') => new DomainError('unauthorized', message);
export const forbidden = (message: string) => new DomainError('forbidden', message);
/** Also used for documents the caller may not see, so as not to reveal that they exist. */
export const notFound = (message = 'not found') => new DomainError('not_found', message);
export const conflict = (message: string, details?: unknown) => new DomainError('conflict', message, details);
/** Content of a type not accepted there, decided from the bytes (415). */
export const unsupportedMedia = (message: string, details?: unknown) => new DomainError('unsupported', message, details);
export const tooLarge = (message: string, details?: unknown) => new DomainError('too_large', message, details);
/** Always with a retry delay: whole seconds, at least 1 (clients must not hammer on 0). */
export const rateLimited = (message = 'too many requests; try again shortly', retryAfterSeconds = 1) =>
  new DomainError('rate_limited', message, undefined, Math.max(1, Math.ceil(retryAfterSeconds)));
/** The server is too busy for this right now (e.g. every import worker is taken). */
export const busy = (message: string, retryAfterSeconds: number) => new DomainError('busy', message, undefined, retryAfterSeconds);
