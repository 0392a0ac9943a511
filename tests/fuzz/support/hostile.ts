/**
 * Hand-made hostile updates: shapes Yjs's own encoder never produces but its
 * decoder accepts. Encoded field by field in the V1 update format
 * (client count, then per client: struct count, client, first clock, structs;
 * then the delete set).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;
const CONTENT_STRING = 4;
const CONTENT_ANY = 8;

interface CraftedItem {
  origin?: Y.ID;
  rightOrigin?: Y.ID;
  /** Root type name; only written (and needed) when the item has neither neighbour. */
  parent?: string;
  parentSub?: string;
  content: { string: string } | { any: unknown[] } | { rawAny: Uint8Array };
}

/** One client's items from `clock` on, then an empty delete set. */
function craftUpdate(client: number, clock: number, items: CraftedItem[]): Uint8Array {
  return craftMultiClientUpdate([{ client, clock, items }]);
}

/** Several clients' items (each run from its `clock` on), then an empty delete set. */
function craftMultiClientUpdate(runs: { client: number; clock: number; items: CraftedItem[] }[]): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, runs.length);
  for (const { client, clock, items } of runs) {
    encoding.writeVarUint(e.restEncoder, items.length);
    e.writeClient(client);
    encoding.writeVarUint(e.restEncoder, clock);
    for (const item of items) writeItem(e, item);
  }
  encoding.writeVarUint(e.restEncoder, 0);
  return e.toUint8Array();
}

function writeItem(e: Y.UpdateEncoderV1, item: CraftedItem): void {
  const contentRef = 'string' in item.content ? CONTENT_STRING : CONTENT_ANY;
  const info =
    (item.origin ? HAS_ORIGIN : 0) |
    (item.rightOrigin ? HAS_RIGHT_ORIGIN : 0) |
    (item.parentSub !== undefined ? HAS_PARENT_SUB : 0) |
    contentRef;
  e.writeInfo(info);
  if (item.origin) e.writeLeftID(item.origin);
  if (item.rightOrigin) e.writeRightID(item.rightOrigin);
  if (!item.origin && !item.rightOrigin) {
    e.writeParentInfo(true);
    e.writeString(item.parent ?? 't');
    if (item.parentSub !== undefined) e.writeString(item.parentSub);
  }
  if ('string' in item.content) e.writeString(item.content.string);
  else if ('any' in item.content) {
    e.writeLen(item.content.any.length);
    for (const v of item.content.any) e.writeAny(v);
  } else {
    e.writeLen(1);
    encoding.writeUint8Array(e.restEncoder, item.content.rawAny);
  }
}

/**
 * `n` one-character insertions that all claim `left` as their left neighbour;
 * half claim `right` as right neighbour, half claim none. Each one makes Yjs
 * scan past all the others: quadratic work from a small, well-formed update.
 */
export function pileUpUpdate(client: number, left: Y.ID, right: Y.ID, n: number): Uint8Array {
  return craftUpdate(
    client,
    0,
    Array.from({ length: n }, (_, i) => ({ origin: left, ...(i < n / 2 ? { rightOrigin: right } : {}), content: { string: 'x' } })),
  );
}

/**
 * The same pile-up on two items the update itself brings (in a new root list,
 * by a second, smaller client id, which is what makes Yjs keep scanning): it
 * needs nothing from the document, so only applying it shows what it costs.
 */
export function selfPileUpUpdate(client: number, parent: string, n: number): Uint8Array {
  const anchorClient = 1;
  const left = Y.createID(anchorClient, 0);
  const right = Y.createID(anchorClient, 1);
  return craftMultiClientUpdate([
    {
      client: anchorClient,
      clock: 0,
      items: [
        { parent, content: { string: 'a' } },
        { origin: left, content: { string: 'b' } },
      ],
    },
    {
      client,
      clock: 0,
      items: Array.from({ length: n }, (_, i) => ({
        origin: left,
        ...(i < n / 2 ? { rightOrigin: right } : {}),
        content: { string: 'x' },
      })),
    },
  ]);
}

/** `n` insertions into root list `parent` with no neighbours at all: each scans the whole list. */
export function listStartUpdate(client: number, parent: string, n: number): Uint8Array {
  return craftUpdate(
    client,
    0,
    Array.from({ length: n }, () => ({ parent, content: { any: [0] } })),
  );
}

/** `n` values for one map key, none naming the previous value: each scans the key's history. */
export function mapPileUpdate(client: number, parent: string, key: string, n: number): Uint8Array {
  return craftUpdate(
    client,
    0,
    Array.from({ length: n }, (_, i) => ({ parent, parentSub: key, content: { any: [i] } })),
  );
}

/** An array nested `depth` levels deep in lib0's `any` encoding: recursion in the decoder. */
export function deeplyNestedAnyUpdate(client: number, depth: number): Uint8Array {
  const raw = new Uint8Array(depth * 2 + 1);
  for (let i = 0; i < depth; i++) {
    raw[i * 2] = 117; // array
    raw[i * 2 + 1] = 1; // of one element
  }
  raw[depth * 2] = 127; // undefined
  return craftUpdate(client, 0, [{ parent: 'deep', content: { rawAny: raw } }]);
}

/** A well-formed header that announces `structs` structs but carries a handful. */
export function hugeStructCountUpdate(client: number, structs: number): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, 1);
  encoding.writeVarUint(e.restEncoder, structs);
  e.writeClient(client);
  encoding.writeVarUint(e.restEncoder, 0);
  for (let i = 0; i < 8; i++) {
    e.writeInfo(CONTENT_STRING);
    e.writeParentInfo(true);
    e.writeString('t');
    e.writeString('x');
  }
  return e.toUint8Array();
}

/** An item whose string claims to be `length` bytes long. */
export function hugeStringLengthUpdate(client: number, length: number): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, 1);
  encoding.writeVarUint(e.restEncoder, 1);
  e.writeClient(client);
  encoding.writeVarUint(e.restEncoder, 0);
  e.writeInfo(CONTENT_STRING);
  e.writeParentInfo(true);
  e.writeString('t');
  encoding.writeVarUint(e.restEncoder, length);
  encoding.writeUint8Array(e.restEncoder, new TextEncoder().encode('short'));
  encoding.writeVarUint(e.restEncoder, 0);
  return e.toUint8Array();
}

/** A GC struct of `length` (a deleted range) at `clock`: pushes the client's clock towards 2^53. */
export function hugeClockUpdate(client: number, clock: number, length: number): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, 1);
  encoding.writeVarUint(e.restEncoder, 1);
  e.writeClient(client);
  encoding.writeVarUint(e.restEncoder, clock);
  e.writeInfo(0);
  e.writeLen(length);
  encoding.writeVarUint(e.restEncoder, 0);
  return e.toUint8Array();
}

/**
 * Two clients' items, each naming the other's as its left neighbour: neither can
 * go first, so Yjs would keep both pending for good (a dependency cycle).
 */
export function mutualOriginsUpdate(clientA: number, clientB: number): Uint8Array {
  return craftMultiClientUpdate([
    { client: clientA, clock: 0, items: [{ origin: Y.createID(clientB, 0), content: { string: 'a' } }] },
    { client: clientB, clock: 0, items: [{ origin: Y.createID(clientA, 0), content: { string: 'b' } }] },
  ]);
}

/** A client's first item naming its own third one as left neighbour: Yjs, which takes a client's changes in order, throws half-way. */
export function forwardOriginUpdate(client: number, parent = 't'): Uint8Array {
  return craftUpdate(client, 0, [
    { origin: Y.createID(client, 2), content: { string: 'a' } },
    { parent, content: { string: 'b' } },
    { parent, content: { string: 'c' } },
  ]);
}

/**
 * One character whose neighbours cannot be in order: `left` as its right
 * neighbour and `right` as its left one (pass the same id twice for an item that
 * names one character on both sides, as the sync fuzz's bit flips made). Yjs
 * scans from the left one to the end of the list and stops where the items
 * present at that moment say, so a reload can put it elsewhere.
 */
export function reversedNeighboursUpdate(client: number, left: Y.ID, right: Y.ID): Uint8Array {
  return craftUpdate(client, 0, [{ origin: right, rightOrigin: left, content: { string: 'r' } }]);
}

/** One character whose left neighbour is in one list and its right one in another. */
export function neighboursInTwoListsUpdate(client: number, left: Y.ID, rightElsewhere: Y.ID): Uint8Array {
  return craftUpdate(client, 0, [{ origin: left, rightOrigin: rightElsewhere, content: { string: 'l' } }]);
}

/**
 * Two characters of one update: the first goes between `left` and `right` (in
 * order), the second names `right` as its left neighbour and the first (which
 * lies before `right`) as its right one: the wrong way round, seen only through
 * what the update itself implies.
 */
export function reversedWithinUpdate(client: number, left: Y.ID, right: Y.ID): Uint8Array {
  return craftUpdate(client, 0, [
    { origin: left, rightOrigin: right, content: { string: 'x' } },
    { origin: right, rightOrigin: Y.createID(client, 0), content: { string: 'y' } },
  ]);
}

/**
 * An update with no structs whose delete set deletes `known` (`len` from it) and, for a
 * client the server has never seen, a range of length 0, which no Yjs encoder writes. Sent as
 * a sync step 2, the second looks like deletions of content the server lacks, which an answer
 * may honestly carry: plain Yjs deletes `known` and then throws ("Unexpected case").
 */
export function emptyDeletionUpdate(known: Y.ID, len: number, unknownClient: number): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, 0);
  encoding.writeVarUint(e.restEncoder, 2);
  for (const [client, clock, length] of [
    [known.client, known.clock, len],
    [unknownClient, 5, 0],
  ] as const) {
    e.resetDsCurVal();
    encoding.writeVarUint(e.restEncoder, client);
    encoding.writeVarUint(e.restEncoder, 1);
    e.writeDsClock(clock);
    e.writeDsLen(length);
  }
  return e.toUint8Array();
}

/**
 * `client`'s first character in the root text `parent`, then a second whose parent is that
 * client's clock `laterClock`, far beyond the update. Sent as a sync step 2 it looks like an
 * honest answer over a gap; plain Yjs, which takes its own client's earlier changes as
 * present, throws on it half-way.
 */
export function ownLaterParentUpdate(client: number, laterClock: number, parent = 't'): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, 1);
  encoding.writeVarUint(e.restEncoder, 2);
  e.writeClient(client);
  encoding.writeVarUint(e.restEncoder, 0);
  writeItem(e, { parent, content: { string: 'p' } });
  e.writeInfo(CONTENT_STRING);
  e.writeParentInfo(false);
  e.writeLeftID(Y.createID(client, laterClock));
  e.writeString('q');
  encoding.writeVarUint(e.restEncoder, 0);
  return e.toUint8Array();
}
