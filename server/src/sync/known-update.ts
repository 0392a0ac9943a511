/**
 * Whether a client's update would change nothing in the document: every struct it
 * carries is one the document has, and every deletion is of something the document
 * has deleted already.
 *
 * A read-only member's stock client sends such updates as plain protocol traffic:
 * its sync step 2 (the answer to ours) always repeats its whole delete set, and a
 * client that cached the document may answer with structs the server has. Those are
 * not writes and must not be refused or counted as attempts (connection.ts); an
 * update that brings anything new still is.
 */
import * as Y from 'yjs';
import { decodeWithinLimits, defaultUpdateGuardLimits, type UpdateGuardLimits } from './update-guard.js';

export function bringsNothingNew(doc: Y.Doc, update: Uint8Array, limits: UpdateGuardLimits = defaultUpdateGuardLimits): boolean {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = decodeWithinLimits(update, limits);
  } catch {
    return false; // not a known no-op: the caller treats it as the write it claims to be
  }
  const { structs, ds } = decoded;
  // A Skip stands for structs the sender lacks, never for content: only the others count.
  if (structs.some((s) => !(s instanceof Y.Skip) && s.id.clock + s.length > Y.getState(doc.store, s.id.client))) return false;
  if (ds.clients.size === 0) return true;
  // The document's own deletions, merged with the update's: unchanged unless the update deletes
  // something new (or beyond what the document has). Linear in the document, once per message,
  // and the message rate is limited per connection (connection.ts).
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  return Y.equalDeleteSets(deleted, Y.mergeDeleteSets([deleted, ds]));
}
