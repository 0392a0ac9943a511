/**
 * Re-encodes the part of a client's update that the server keeps (client-ownership.ts
 * withholds structs under other accounts' ids, integrable-part.ts cuts a sync step 2
 * at its gaps): the kept structs, and the deletions of what the document will know.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { InvalidUpdateError, type DecodedStructs } from './update-guard.js';

type Struct = DecodedStructs[number];

/** Deletion ranges per client, as Yjs decodes them. */
interface DecodedDeletions {
  clients: Map<number, { clock: number; len: number }[]>;
}

/** How far the document will know `client` once `kept` (that client's structs, in order) is applied. */
function knownAfter(doc: Y.Doc, client: number, kept: readonly Struct[] | undefined): number {
  const last = kept?.[kept.length - 1];
  return Math.max(Y.getState(doc.store, client), last ? last.id.clock + last.length : 0);
}

/** The deletions of `ds` that fall beyond what the document will know once `structs` are applied: their clients. */
export function deletionsBeyond(ds: DecodedDeletions, structs: readonly Struct[], doc: Y.Doc): number[] {
  const byClient = groupByClient(structs);
  return [...ds.clients]
    .filter(([client, ranges]) => {
      const limit = knownAfter(doc, client, byClient.get(client));
      return ranges.some((r) => r.clock + r.len > limit);
    })
    .map(([client]) => client);
}

function groupByClient(structs: readonly Struct[]): Map<number, Struct[]> {
  const byClient = new Map<number, Struct[]>();
  for (const s of structs) {
    const list = byClient.get(s.id.client) ?? [];
    const last = list[list.length - 1];
    // Honest encoders write each client's structs once, end to end; anything else is refused.
    if (last && last.id.clock + last.length !== s.id.clock) throw new InvalidUpdateError('update repeats a client');
    list.push(s);
    byClient.set(s.id.client, list);
  }
  return byClient;
}

/** A V1 update of `structs` (each client's contiguous) and of the deletions of what the document will know. */
export function encodeKept(structs: readonly Struct[], ds: DecodedDeletions, doc: Y.Doc): Uint8Array {
  const byClient = groupByClient(structs);
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, list.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, list[0]!.id.clock);
    for (const s of list) s.write(encoder, 0);
  }
  // Deletions only of what the document has or will have once this is applied;
  // the client sends its whole delete set again with every sync step 2.
  const deletions = [...ds.clients]
    .map(([client, ranges]) => {
      const limit = knownAfter(doc, client, byClient.get(client));
      return [
        client,
        ranges.filter((r) => r.clock < limit).map((r) => ({ clock: r.clock, len: Math.min(r.len, limit - r.clock) })),
      ] as const;
    })
    .filter(([, ranges]) => ranges.length > 0);
  encoding.writeVarUint(encoder.restEncoder, deletions.length);
  for (const [client, ranges] of deletions) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const r of ranges) {
      encoder.writeDsClock(r.clock);
      encoder.writeDsLen(r.len);
    }
  }
  return encoder.toUint8Array();
}

/**
 * Passes over an update's structs looking for what builds on cut ones. Honest
 * updates settle in two or three; MAX_CUT_PASSES bounds the work a crafted chain
 * of dependencies can cause.
 */
const MAX_CUT_PASSES = 8;

/**
 * Extends `cut` (client → first clock of that client's structs left out) to every
 * struct of the update hanging on something left out: its neighbours or parent
 * neither in the document nor in the kept part of the update (`reach`: how far
 * the update reaches per client). `onCut` hears which client each new cut waits
 * for. False when the passes ran out before nothing more changed: the caller
 * then leaves out everything new.
 */
export function cutWhatBuildsOnCuts(
  structs: readonly Struct[],
  doc: Y.Doc,
  reach: ReadonlyMap<number, number>,
  cut: Map<number, number>,
  onCut: (waitsFor: number) => void = () => {},
): boolean {
  const have = (client: number) => Y.getState(doc.store, client);
  const available = (id: Y.ID) =>
    id.clock < have(id.client) || (id.clock < (reach.get(id.client) ?? 0) && id.clock < (cut.get(id.client) ?? Infinity));
  for (let pass = 0; pass < MAX_CUT_PASSES; pass++) {
    let settled = true;
    for (const s of structs) {
      if (!(s instanceof Y.Item) || s.id.clock >= (cut.get(s.id.client) ?? Infinity)) continue;
      if (s.id.clock + s.length <= have(s.id.client)) continue;
      const parent: unknown = s.parent;
      const missing = [s.origin, s.rightOrigin, parent instanceof Y.ID ? parent : null].find((d) => d !== null && !available(d));
      if (!missing) continue;
      cut.set(s.id.client, s.id.clock); // this struct and every later one of its client
      onCut(missing.client);
      settled = false;
    }
    if (settled) return true;
  }
  return false;
}
