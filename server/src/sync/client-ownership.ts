/**
 * Who may write under a Yjs client id (issue 12 #6).
 *
 * Yjs trusts client ids: structs sent under another client's id and next clocks
 * make that client's own later edits look like duplicates, which every replica
 * drops — after the server acknowledged them as saved. So, per document, the
 * server remembers which account first wrote under each client id (stored in the
 * transaction that logs the update) and never applies new structs under an id
 * that another account owns.
 *
 * Withheld rather than refused: a stock client re-sends everything the server
 * lacks, other people's edits included. After the server was restored from an
 * older backup that relay is honest, but it cannot be told from a forgery (both
 * are structs under someone else's id beyond what the server has). So the
 * foreign structs are left out, and with them whatever in the update builds on
 * them; everything else in the update is applied. What was withheld comes back
 * when its owner's own client sends it: the room then asks the relayer again
 * (sync step 1), and what the relayer built on it follows. docs/RELIABILITY.md
 * says what this means after a restore.
 */
import * as Y from 'yjs';
import type { DecodedStructs } from './update-guard.js';
import { cutWhatBuildsOnCuts, encodeKept } from './kept-update.js';

export interface OwnershipVerdict {
  /** What may be applied: the update itself when nothing is withheld. */
  update: Uint8Array;
  /** Client ids this update writes new structs under for the sender (its own, or nobody's until now). */
  claims: number[];
  /** Client ids owned by another account whose new structs were withheld. */
  withheldOwners: number[];
}

/**
 * Splits an update that passed the update guard into what `sender` may apply.
 * `ownerOf` answers the account owning a client id in this document, if any.
 */
export function filterByOwnership(
  doc: Y.Doc,
  update: Uint8Array,
  structs: DecodedStructs,
  sender: string,
  ownerOf: (clientId: number) => string | undefined,
): OwnershipVerdict {
  const have = (client: number) => Y.getState(doc.store, client);
  const writes = new Set<number>();
  const foreign = new Set<number>();
  for (const s of structs) {
    const client = s.id.client;
    if (s.id.clock + s.length <= have(client)) continue; // a duplicate: changes nothing
    const owner = ownerOf(client);
    if (owner === undefined || owner === sender) writes.add(client);
    else foreign.add(client);
  }
  if (foreign.size === 0) return { update, claims: [...writes], withheldOwners: [] };

  // From `cut.get(c)` on, the update's structs of client c are withheld. A foreign
  // client loses all of them: the part the server has is a duplicate anyway.
  const cut = new Map<number, number>([...foreign].map((c) => [c, 0]));
  const reachInUpdate = new Map<number, number>();
  for (const s of structs) reachInUpdate.set(s.id.client, Math.max(reachInUpdate.get(s.id.client) ?? 0, s.id.clock + s.length));
  const settled = cutWhatBuildsOnCuts(structs, doc, reachInUpdate, cut);
  if (!settled) for (const s of structs) cut.set(s.id.client, Math.min(cut.get(s.id.client) ?? Infinity, have(s.id.client)));

  const kept = structs.filter((s) => s.id.clock < (cut.get(s.id.client) ?? Infinity));
  return {
    update: encodeKept(kept, Y.decodeUpdate(update).ds, doc),
    claims: [...writes].filter((c) => (cut.get(c) ?? Infinity) > have(c)),
    withheldOwners: [...foreign],
  };
}
