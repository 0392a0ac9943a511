/**
 * Mutations of valid messages: the "thousands of mutated sync and awareness
 * messages" of the fuzz. Each takes bytes and returns new bytes; the name of
 * the mutation is reported with any failure so it can be replayed.
 */
import * as encoding from 'lib0/encoding';
import type { Random } from './random.js';

type Mutation = (bytes: Uint8Array, r: Random) => Uint8Array;

const varUint = (n: number) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, n);
  return encoding.toUint8Array(e);
};

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  at = Math.min(at, bytes.length);
  remove = Math.min(remove, bytes.length - at);
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** Numbers that break decoders: zero, boundaries of varUint widths, 2^31, 2^32, 2^53. */
const NASTY_NUMBERS = [0, 1, 127, 128, 255, 16383, 16384, 0x7fffffff, 0xffffffff, 2 ** 32, 2 ** 40, Number.MAX_SAFE_INTEGER];

const mutations: Record<string, Mutation> = {
  flipBit(bytes, r) {
    if (bytes.length === 0) return bytes;
    const out = bytes.slice();
    out[r.int(out.length)]! ^= 1 << r.int(8);
    return out;
  },
  setByte(bytes, r) {
    if (bytes.length === 0) return Uint8Array.of(r.int(256));
    const out = bytes.slice();
    out[r.int(out.length)] = r.pick([0, 1, 0x7f, 0x80, 0xff, r.int(256)]);
    return out;
  },
  setBytes(bytes, r) {
    const out = bytes.slice();
    const n = 2 + r.int(6);
    for (let i = 0; i < n && out.length; i++) out[r.int(out.length)] = r.int(256);
    return out;
  },
  insertBytes(bytes, r) {
    return splice(bytes, r.int(bytes.length + 1), 0, r.bytes(1 + r.int(8)));
  },
  deleteBytes(bytes, r) {
    if (bytes.length === 0) return bytes;
    const at = r.int(bytes.length);
    return splice(bytes, at, Math.min(bytes.length - at, 1 + r.int(8)), new Uint8Array());
  },
  truncate(bytes, r) {
    return bytes.slice(0, r.int(Math.max(1, bytes.length)));
  },
  /** A nasty number (e.g. a huge length or count) written as a varUint over a random position. */
  hugeVarUint(bytes, r) {
    const at = r.int(bytes.length + 1);
    return splice(bytes, at, r.int(3), varUint(r.pick(NASTY_NUMBERS)));
  },
  duplicateSlice(bytes, r) {
    if (bytes.length === 0) return bytes;
    const from = r.int(bytes.length);
    const slice = bytes.slice(from, from + 1 + r.int(32));
    return splice(bytes, r.int(bytes.length + 1), 0, slice);
  },
  swapHalves(bytes, r) {
    const at = r.int(bytes.length + 1);
    return splice(bytes.slice(at), bytes.length - at, 0, bytes.slice(0, at));
  },
  randomTail(bytes, r) {
    const at = r.int(bytes.length + 1);
    return splice(bytes, at, bytes.length - at, r.bytes(r.int(24)));
  },
  allGarbage(_bytes, r) {
    return r.bytes(r.int(64));
  },
};

const mutationNames = Object.keys(mutations);

/** Applies 1–3 random mutations; returns the result and their names. */
export function mutate(bytes: Uint8Array, r: Random): { bytes: Uint8Array; applied: string[] } {
  const applied: string[] = [];
  let out = bytes;
  const n = r.weighted([
    [6, 1],
    [3, 2],
    [1, 3],
  ]);
  for (let i = 0; i < n; i++) {
    const name = r.pick(mutationNames);
    out = mutations[name]!(out, r);
    applied.push(name);
  }
  return { bytes: out, applied };
}
