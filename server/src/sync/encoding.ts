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

export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  // What syncProtocol.writeSyncStep2 writes, with the update copied once.
  return syncStep2OfUpdate(Y.encodeStateAsUpdate(doc, stateVector));
}

/**
 * A sync step 2 carrying `update` as it is (e.g. the stored full state, sent
 * without encoding the document again). Written straight into a buffer of its
 * final size: an encoder would copy a whole document twice (into a chunk, then
 * into the result), garbage that stays allocated until the next full collection.
 */
export function syncStep2OfUpdate(update: Uint8Array): Uint8Array {
  const header = encoding.createEncoder();
  encoding.writeVarUint(header, MessageType.sync);
  encoding.writeVarUint(header, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint(header, update.byteLength);
  const head = encoding.toUint8Array(header);
  const message = new Uint8Array(head.byteLength + update.byteLength);
  message.set(head);
  message.set(update, head.byteLength);
  return message;
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
