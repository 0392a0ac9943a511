/**
 * Whether a client's update may go to the other sockets before the server integrates
 * it (issue 21, "Round 13 (server: send before integrate)" in BENCHMARKS.md).
 *
 * Every reader used to wait for the update's integration into the server's Y.Doc
 * (~0.3 ms on the 150-page report) before it was sent Yjs's re-encoding of what
 * integrated. When the update is known, before applying it, to integrate fully and
 * exactly as sent, the client's own bytes are what Yjs would hand back, so they can
 * go first. The room decides with what its checks have already decoded; the ones
 * that are not about the update's shape (claims, the broadcast queue, live update
 * or answer) are the room's (room.ts, `applyClientUpdate`).
 *
 * Shape: for each client id, the update's structs start exactly at the document's
 * clock for it and follow one another without a gap or an overlap. Together with
 * what `checkUpdate` has already ensured (everything an item hangs on, and every
 * deleted range, is in the document or in the update; no Skip), Yjs integrates all
 * of it and parks nothing as pending. Cost: one pass over the update's structs.
 */
import * as Y from 'yjs';
import type { DecodedStructs } from './update-guard.js';

/** True when every struct continues what the document (or the update before it) has, with no overlap. */
export function continuesExactly(doc: Y.Doc, structs: DecodedStructs): boolean {
  const reach = new Map<number, number>();
  for (const struct of structs) {
    const { client, clock } = struct.id;
    const have = reach.get(client) ?? Y.getState(doc.store, client);
    if (clock !== have || struct instanceof Y.Skip) return false;
    reach.set(client, clock + struct.length);
  }
  return true;
}
