/**
 * A message the room sends to many sockets, framed once for all of them (issue 21,
 * "Round 12 (server send path)" in BENCHMARKS.md; the transport's side is
 * http/shared-frames.ts).
 *
 * `sharedMessage(data)` copies `data` once into a ready WebSocket frame (RFC 6455
 * 5.2: one unmasked, final binary frame) and returns a view of that frame's
 * payload. The room hands that view to each socket of the fan-out; the transport
 * finds the frame it lives in (`frameOf`) and writes it whole. The message's
 * bytes *are* the frame's payload, so what goes on the wire is always what the
 * message holds when it is written: nothing is remembered by identity across
 * calls, and a caller that reuses or changes its own buffer afterwards changes
 * neither (it was copied). Each fan-out makes its own frame.
 */

const FIN_BINARY = 0x82;
/**
 * Larger messages (a whole document, a big paste) go through `ws` as they are:
 * copying them into a frame would cost more than `ws`'s `writev`, and they seldom
 * go to many sockets.
 */
export const SHARED_FRAME_MAX_BYTES = 64 * 1024;

/** For tests: frames built (one per fan-out message that got one). */
export const sharedMessageCounters = { built: 0 };

/** Each shared message's frame; the message (a view of it) keeps it alive, and no longer. */
const frames = new WeakMap<Uint8Array, Buffer>();

/** `data` as one unmasked, final binary WebSocket frame (RFC 6455, 5.2): header and a copy of `data`. */
export function binaryFrame(data: Uint8Array): Buffer {
  const length = data.byteLength;
  const headerBytes = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = FIN_BINARY;
  if (length < 126) frame[1] = length;
  else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(length, 6);
  }
  frame.set(data, headerBytes);
  return frame;
}

/**
 * The message to hand to every socket of one fan-out: for up to
 * SHARED_FRAME_MAX_BYTES, a view of the payload of a frame built now (so `data`
 * may be reused by its owner once this returns); larger, `data` itself.
 */
export function sharedMessage(data: Uint8Array): Uint8Array {
  if (data.byteLength > SHARED_FRAME_MAX_BYTES) return data;
  const frame = binaryFrame(data);
  const payload = new Uint8Array(frame.buffer, frame.byteOffset + frame.byteLength - data.byteLength, data.byteLength);
  frames.set(payload, frame);
  sharedMessageCounters.built++;
  return payload;
}

/** The frame `message` is the payload of, if it was made by sharedMessage. */
export function frameOf(message: Uint8Array): Buffer | undefined {
  return frames.get(message);
}
