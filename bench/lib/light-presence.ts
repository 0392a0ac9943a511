/**
 * Presence as a stock client handles it, without parsing it. A stock client
 * (y-websocket's and Hocuspocus's provider alike) applies every awareness
 * update it hears with y-protocols' `applyAwarenessUpdate` and then echoes the
 * clients that changed back to the server (`encodeAwarenessUpdate` of the
 * added, updated and removed clients, in that order). With 50 clients and a
 * caret update per keystroke that is thousands of JSON parses, deep
 * comparisons, events and JSON encodings a second in the load generator.
 *
 * Here the same decision is made on the same clocks, the states are kept as
 * the JSON text they arrived as, and the echo is written from that text: the
 * same bytes the stock client would send (a state that arrived as
 * `JSON.stringify` output encodes back to the same text), sent the same way.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate, type Awareness } from 'y-protocols/awareness';

/** The UTF-8 bytes of `null`: a removed state. */
const NULL_JSON = new TextEncoder().encode('null');

/**
 * A remote state kept as the JSON bytes it arrived as. `JSON.stringify` of it
 * gives the same text, so the stock encoder (a query-awareness answer) still
 * works on it; reading a field needs `parsed()`.
 */
export class RawState {
  constructor(readonly bytes: Uint8Array) {}
  parsed(): Record<string, unknown> {
    return JSON.parse(new TextDecoder().decode(this.bytes)) as Record<string, unknown>;
  }
  toJSON(): unknown {
    return this.parsed();
  }
}

function isNullJson(bytes: Uint8Array): boolean {
  return (
    bytes.length === 4 && bytes[0] === NULL_JSON[0] && bytes[1] === NULL_JSON[1] && bytes[2] === NULL_JSON[2] && bytes[3] === NULL_JSON[3]
  );
}

interface Entry {
  clientID: number;
  clock: number;
  state: Uint8Array;
}

/** applyAwarenessUpdate's rule: a newer clock, or a removal at the same clock of a state still held. */
function accepts(awareness: Awareness, e: Entry): boolean {
  const current = awareness.meta.get(e.clientID)?.clock ?? 0;
  return current < e.clock || (current === e.clock && isNullJson(e.state) && awareness.states.has(e.clientID));
}

/**
 * Applies one awareness update as `applyAwarenessUpdate` would (same states and
 * clocks kept, same clients reported changed) and hands the stock echo's
 * payload to `echo`. An update that would change this client's own state (a
 * remote removal of it, which the stock code answers by bumping its clock) goes
 * through the stock code instead, echo included.
 */
export function applyPresence(awareness: Awareness, update: Uint8Array, origin: unknown, echo: (payload: Uint8Array) => void): void {
  const decoder = decoding.createDecoder(update);
  const entries: Entry[] = [];
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    entries.push({ clientID, clock, state: decoding.readVarUint8Array(decoder) });
  }
  for (const e of entries) {
    if (e.clientID === awareness.clientID && accepts(awareness, e)) {
      applyAwarenessUpdate(awareness, update, origin);
      return;
    }
  }
  const now = Date.now();
  const added: number[] = [];
  const updated: number[] = [];
  const removed: number[] = [];
  for (const e of entries) {
    if (!accepts(awareness, e)) continue;
    const known = awareness.meta.has(e.clientID);
    const removal = isNullJson(e.state);
    if (removal) awareness.states.delete(e.clientID);
    else awareness.states.set(e.clientID, new RawState(e.state));
    awareness.meta.set(e.clientID, { clock: e.clock, lastUpdated: now });
    if (!known && !removal) added.push(e.clientID);
    else if (known && removal) removed.push(e.clientID);
    else if (!removal) updated.push(e.clientID);
  }
  const changed = [...added, ...updated, ...removed];
  if (changed.length === 0) return;
  // encodeAwarenessUpdate(awareness, changed), from the kept bytes.
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, changed.length);
  for (const clientID of changed) {
    encoding.writeVarUint(encoder, clientID);
    encoding.writeVarUint(encoder, awareness.meta.get(clientID)!.clock);
    const state: unknown = awareness.states.get(clientID);
    if (state instanceof RawState) encoding.writeVarUint8Array(encoder, state.bytes);
    else encoding.writeVarString(encoder, JSON.stringify(state ?? null));
  }
  echo(encoding.toUint8Array(encoder));
}
