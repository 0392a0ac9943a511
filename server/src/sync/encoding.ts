/** Encoders for the messages the server sends (standard y-websocket plus Concord's type 100). */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { ConcordMessage, MessageType } from '@concord/shared';

export function syncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

/**
 * One WebSocket message given as its pieces, in order: sent as that many frames
 * (all but the last without FIN), which the receiver joins into one message, so
 * no piece is copied into a joined buffer. A whole-document answer is a few bytes
 * of header in front of an update of 0.8 MB for the 150-page report (issue 21).
 */
export type MessagePieces = readonly [head: Uint8Array, body: Uint8Array];

/** The bytes of a message given whole or in pieces. */
export function messageByteLength(message: Uint8Array | MessagePieces): number {
  return message instanceof Uint8Array ? message.byteLength : message[0].byteLength + message[1].byteLength;
}

/** The message as one buffer, for a transport that cannot send it in pieces. */
export function joinedMessage(message: Uint8Array | MessagePieces): Uint8Array {
  if (message instanceof Uint8Array) return message;
  const [head, body] = message;
  const joined = new Uint8Array(head.byteLength + body.byteLength);
  joined.set(head);
  joined.set(body, head.byteLength);
  return joined;
}

export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): MessagePieces {
  return syncStep2OfUpdate(Y.encodeStateAsUpdate(doc, stateVector));
}

/**
 * A sync step 2 carrying `update` as it is (e.g. the stored full state, sent
 * without encoding the document again): what syncProtocol.writeSyncStep2 writes,
 * as a header and the update itself, never copied (see MessagePieces).
 */
export function syncStep2OfUpdate(update: Uint8Array): MessagePieces {
  const header = encoding.createEncoder();
  encoding.writeVarUint(header, MessageType.sync);
  encoding.writeVarUint(header, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint(header, update.byteLength);
  return [encoding.toUint8Array(header), update];
}

export function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function savedMessage(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.concord);
  encoding.writeVarUint(e, ConcordMessage.saved);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

export function concordJsonMessage(
  kind: typeof ConcordMessage.error | typeof ConcordMessage.event | typeof ConcordMessage.welcome,
  payload: unknown,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.concord);
  encoding.writeVarUint(e, kind);
  encoding.writeVarString(e, JSON.stringify(payload));
  return encoding.toUint8Array(e);
}
