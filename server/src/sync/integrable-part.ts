/**
 * The part of a client's sync step 2 that integrates into the document now.
 *
 * A stock Yjs client holds *pending* structs when it received changes on top of
 * something it never got; Yjs merges them into every sync step 2 it encodes, with a
 * `Skip` where the gap is. That is honest. It happened after a kill -9: a reader had
 * other people's updates that the server had sent before committing them, and, being
 * sent live updates before its own resync was answered, a later update over a gap.
 * The restarted server lacked the first ones, the reader's answer to its sync step 1
 * had a Skip, and the server closed it with 4400, which the stock y-websocket 3
 * client takes as final: it never reconnected and its typing was never saved again
 * (crash.test.ts, round 8). The server no longer sends such updates
 * (broadcast-queue.ts), but a client may still hold pending structs (from an older
 * server, or from a live update that reached it before it asked for the document).
 *
 * So an answer is cut, per client id, at its first gap (a Skip, or a start beyond
 * what the document has), and before anything that builds on what was cut (found in
 * a bounded number of passes, kept-update.ts; beyond that nothing new is kept).
 * Deletions are kept up
 * to what the document will know. What remains integrates completely, and goes
 * through the usual checks (update-guard.ts, client-ownership.ts): a hostile answer
 * gets no further than the same bytes sent as an update would, and nothing is ever
 * left pending in the server's document. The rest is asked for again (sync step 1)
 * once the server's state for a client id it waits for moves on (room.ts).
 */
import * as Y from 'yjs';
import { decodeWithinLimits, type UpdateGuardLimits } from './update-guard.js';
import { cutWhatBuildsOnCuts, deletionsBeyond, encodeKept } from './kept-update.js';

export interface IntegrablePart {
  /** What integrates now: the update itself when nothing had to be cut. */
  update: Uint8Array;
  /** Client ids whose missing changes the rest waits for (empty when nothing was cut). */
  waitingFor: number[];
  /** Client ids whose structs or deletions were cut. */
  leftOut: number[];
}

/** Splits an answer (sync step 2) into what integrates into `doc` now; throws InvalidUpdateError if it does not decode. */
export function integrablePart(doc: Y.Doc, update: Uint8Array, limits: UpdateGuardLimits): IntegrablePart {
  const { structs, ds } = decodeWithinLimits(update, limits);
  const have = (client: number) => Y.getState(doc.store, client);
  // From `cut.get(c)` on, the answer's structs of client c are left out; `reach` is how far
  // the kept ones go. Clients are waited for by the cut they caused.
  const cut = new Map<number, number>();
  const reach = new Map<number, number>();
  const waiting = new Set<number>();
  for (const s of structs) {
    const { client, clock } = s.id;
    if (cut.has(client) || clock + s.length <= have(client)) continue; // after a cut, or already known
    if (s instanceof Y.Skip || clock > (reach.get(client) ?? have(client))) {
      cut.set(client, clock);
      waiting.add(client);
      continue;
    }
    reach.set(client, clock + s.length);
  }
  const settled = cutWhatBuildsOnCuts(structs, doc, reach, cut, (client) => waiting.add(client));
  if (!settled) for (const s of structs) cut.set(s.id.client, -1);

  // Kept: new structs before their client's cut. Known ones are dropped (they change
  // nothing), and with them any Skip over what the document has.
  const kept = structs.filter(
    (s) => !(s instanceof Y.Skip) && s.id.clock + s.length > have(s.id.client) && s.id.clock < (cut.get(s.id.client) ?? Infinity),
  );
  const cutDeletions = deletionsBeyond(ds, kept, doc);
  for (const client of cutDeletions) waiting.add(client);
  if (waiting.size === 0 && !structs.some((s) => s instanceof Y.Skip)) return { update, waitingFor: [], leftOut: [] };
  return {
    update: encodeKept(kept, ds, doc),
    waitingFor: [...waiting],
    leftOut: [...new Set([...cut.keys(), ...cutDeletions])],
  };
}
