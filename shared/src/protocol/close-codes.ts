/**
 * WebSocket close codes used by the sync server (documented in docs/PROTOCOL.md).
 * 4000–4999 is the range RFC 6455 leaves to applications; the last three digits
 * echo the nearest HTTP status so they are easy to remember.
 */
export const CloseCode = {
  /** Server shutting down (standard code). Clients reconnect later. */
  goingAway: 1001,
  /**
   * The client left too much of what the server sent unread (standard "try again
   * later"): it reconnects and resyncs, losing nothing. Only a stalled client hits this.
   */
  slowReader: 1013,
  /** A message could not be decoded, or an update was invalid. */
  badMessage: 4400,
  /** Not signed in, or the session expired or was revoked. */
  unauthorized: 4401,
  /** Signed in but not allowed (e.g. a read-only role kept sending updates), or a foreign Origin. */
  forbidden: 4403,
  /** No such document, or the caller is not a member (indistinguishable on purpose). */
  notFound: 4404,
  /** Too much data sent before the connection was authorised and the document loaded. */
  preAuthOverflow: 4408,
  /** The document was deleted while connected. */
  documentDeleted: 4410,
  /** A single message exceeded the size cap. */
  messageTooLarge: 4413,
  /** Too many messages per second, or too many connections. */
  rateLimited: 4429,
  /** The stored document could not be loaded; nothing was written. */
  loadFailed: 4500,
  /** The server's copy had to be reloaded; reconnect and resync (nothing is lost). */
  reloadRequired: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export const closeReason: Record<CloseCode, string> = {
  [CloseCode.goingAway]: 'server shutting down',
  [CloseCode.slowReader]: 'not reading what the server sends; reconnect',
  [CloseCode.badMessage]: 'malformed message or invalid update',
  [CloseCode.unauthorized]: 'not signed in',
  [CloseCode.forbidden]: 'not allowed',
  [CloseCode.notFound]: 'document not found',
  [CloseCode.preAuthOverflow]: 'too much data before authorisation',
  [CloseCode.documentDeleted]: 'document deleted',
  [CloseCode.messageTooLarge]: 'message too large',
  [CloseCode.rateLimited]: 'rate limited',
  [CloseCode.loadFailed]: 'document could not be loaded',
  [CloseCode.reloadRequired]: 'reload required',
};
