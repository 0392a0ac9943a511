/** Error codes carried in HTTP error bodies `{error:{code,message}}` and in `concord/error` socket messages. */
export const ErrorCode = {
  badRequest: 'bad_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  tooLarge: 'too_large',
  /** A body of a type not accepted there: an upload whose content is not an accepted image, or JSON sent without `Content-Type: application/json`. */
  unsupportedMediaType: 'unsupported_media_type',
  rateLimited: 'rate_limited',
  readOnly: 'read_only',
  invalidUpdate: 'invalid_update',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
