/**
 * Decoding of the server's Concord messages (type 100, see docs/PROTOCOL.md):
 * saved state vectors, errors, document events and the welcome.
 */
import * as decoding from 'lib0/decoding';
import { ConcordMessage, type Welcome } from '@concord/shared';

export interface ServerError {
  code: string;
  message: string;
}

/** Document events; unknown types are passed through so later features can listen for them. */
export type DocEvent = { type: 'members.changed' } | { type: 'doc.renamed'; title: string } | { type: string; [key: string]: unknown };

export type ConcordPayload =
  | { kind: 'saved'; stateVector: Uint8Array }
  | { kind: 'error'; error: ServerError }
  | { kind: 'event'; event: DocEvent }
  | { kind: 'welcome'; welcome: Welcome }
  | { kind: 'unknown'; subtype: number };

/** Reads what follows the message type (100). Throws on malformed input. */
export function readConcordMessage(decoder: decoding.Decoder): ConcordPayload {
  const subtype = decoding.readVarUint(decoder);
  switch (subtype) {
    case ConcordMessage.saved:
      return { kind: 'saved', stateVector: decoding.readVarUint8Array(decoder) };
    case ConcordMessage.error:
      return { kind: 'error', error: JSON.parse(decoding.readVarString(decoder)) as ServerError };
    case ConcordMessage.event:
      return { kind: 'event', event: JSON.parse(decoding.readVarString(decoder)) as DocEvent };
    case ConcordMessage.welcome:
      return { kind: 'welcome', welcome: JSON.parse(decoding.readVarString(decoder)) as Welcome };
    default:
      return { kind: 'unknown', subtype };
  }
}
