/**
 * Wire constants for the sync socket. Documented in docs/PROTOCOL.md; change
 * both together.
 *
 * Message types 0–3 are the standard y-websocket protocol, so the stock
 * `y-websocket` client works unchanged. Type 100 carries Concord additions and is
 * only ever sent to connections that asked for it with the `concord` query
 * parameter, so stock clients never see a type they do not know.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  concord: 100,
} as const;

/** Sub-types of a `concord` (100) message; the sub-type follows as a varUint. */
export const ConcordMessage = {
  /** Server → client: varUint8Array of the Y state vector durably committed for this document. */
  saved: 0,
  /** Server → client: varString JSON `{code, message}` explaining a refused message. */
  error: 1,
  /** Server → client: varString JSON of a document event (vote changed, comment added, members changed …). */
  event: 2,
  /** Server → client: varString JSON `{role, userId}` sent once the connection is authorised. */
  welcome: 3,
} as const;

/** Query parameter a Concord client adds to the socket URL to receive `concord` messages. */
export const CONCORD_QUERY_PARAM = 'concord';
/** Protocol version of the `concord` message family. */
export const CONCORD_PROTOCOL_VERSION = 1;
