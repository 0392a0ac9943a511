/** The one error type of the comments and synthesis services; http/ maps `reason` to a status. */
export class CommentError extends Error {
  constructor(
    readonly reason: 'not_found' | 'forbidden' | 'bad_request' | 'conflict' | 'rate_limited',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CommentError';
  }
}
