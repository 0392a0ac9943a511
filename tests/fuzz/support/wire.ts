/**
 * Building and reading sync-socket messages byte by byte (docs/PROTOCOL.md), so
 * fuzz tests control exactly what reaches the server.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { ConcordMessage, MessageType } from '@concord/shared';

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export function syncMessage(subtype: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, subtype);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export const step1 = (stateVector: Uint8Array) => syncMessage(SYNC_STEP1, stateVector);
export const step2 = (update: Uint8Array) => syncMessage(SYNC_STEP2, update);
export const updateMessage = (update: Uint8Array) => syncMessage(SYNC_UPDATE, update);

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** An awareness update as y-protocols encodes it: `[count, (clientId, clock, json)…]`. */
export function awarenessUpdate(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(e);
}

export const queryAwarenessMessage = () => Uint8Array.of(MessageType.queryAwareness);

/** What the server sent, decoded as far as the tests care. */
export type ServerMessage =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'saved'; stateVector: Map<number, number> }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'welcome'; payload: unknown }
  | { kind: 'event'; payload: unknown }
  | { kind: 'other'; type: number };

export function readServerMessage(data: Uint8Array): ServerMessage {
  const d = decoding.createDecoder(data);
  const type = decoding.readVarUint(d);
  if (type === MessageType.sync) {
    const sub = decoding.readVarUint(d);
    const body = decoding.readVarUint8Array(d);
    if (sub === SYNC_STEP1) return { kind: 'step1', stateVector: body };
    if (sub === SYNC_STEP2) return { kind: 'step2', update: body };
    return { kind: 'update', update: body };
  }
  if (type === MessageType.awareness) return { kind: 'awareness', update: decoding.readVarUint8Array(d) };
  if (type === MessageType.concord) {
    const sub = decoding.readVarUint(d);
    if (sub === ConcordMessage.saved) return { kind: 'saved', stateVector: Y.decodeStateVector(decoding.readVarUint8Array(d)) };
    const json = JSON.parse(decoding.readVarString(d)) as Record<string, unknown>;
    if (sub === ConcordMessage.error) return { kind: 'error', code: String(json.code), message: String(json.message) };
    if (sub === ConcordMessage.welcome) return { kind: 'welcome', payload: json };
    return { kind: 'event', payload: json };
  }
  return { kind: 'other', type };
}

/**
 * How the server will read a client message, replayed here with the same
 * decoders: which sync subtype, and the update it carries. `undefined` when the
 * framing itself does not decode (the server closes with 4400).
 */
export type ParsedClientMessage =
  | { kind: 'step1'; stateVectorValid: boolean }
  /** `answer`: sent as a sync step 2, which the server applies as far as it integrates. */
  | { kind: 'update'; update: Uint8Array; answer: boolean }
  | { kind: 'awareness' }
  | { kind: 'query-awareness' }
  | { kind: 'ignored' }
  | { kind: 'invalid' };

export function parseClientMessage(data: Uint8Array): ParsedClientMessage {
  try {
    const d = decoding.createDecoder(data);
    const type = decoding.readVarUint(d);
    switch (type) {
      case MessageType.sync: {
        const sub = decoding.readVarUint(d);
        if (sub === SYNC_STEP1) {
          const sv = decoding.readVarUint8Array(d);
          try {
            Y.decodeStateVector(sv);
            return { kind: 'step1', stateVectorValid: true };
          } catch {
            return { kind: 'step1', stateVectorValid: false };
          }
        }
        if (sub === SYNC_STEP2 || sub === SYNC_UPDATE)
          return { kind: 'update', update: decoding.readVarUint8Array(d), answer: sub === SYNC_STEP2 };
        return { kind: 'invalid' };
      }
      case MessageType.awareness:
        decoding.readVarUint8Array(d);
        return { kind: 'awareness' };
      case MessageType.queryAwareness:
        return { kind: 'query-awareness' };
      case MessageType.auth:
      case MessageType.concord:
        return { kind: 'ignored' };
      default:
        return { kind: 'invalid' };
    }
  } catch {
    return { kind: 'invalid' };
  }
}
