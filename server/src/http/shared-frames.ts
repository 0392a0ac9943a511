/**
 * Binary messages written to a WebSocket's TCP socket as ready-made frames, each
 * framed once for every socket it goes to (issue 21, "Round 12 (server send path)"
 * in BENCHMARKS.md).
 *
 * An applied edit goes to every other socket of its room. `ws.send` builds a
 * frame header for each of them and hands header and payload to the socket as
 * two writes under `cork` (one `writev`). Here the frame (header and payload in
 * one buffer) is built once for the message and written to each socket with one
 * `write`: the bytes on the wire are the same.
 *
 * This bypasses `ws`'s Sender, which is sound while three things hold:
 * - no extension was negotiated (`ws.extensions` is empty): a frame needs no
 *   compression and no RSV bit. The server does not offer permessage-deflate (the
 *   `ws` default, and app.ts does not enable it), so no client gets it whatever it
 *   asks for; the check stays in case that changes;
 * - the socket is OPEN: no close frame has gone, none is on its way;
 * - `ws` writes to the TCP socket at once whenever it sends: its Sender only
 *   queues while it compresses or reads a Blob, and this server sends neither. So
 *   frames written here and frames `ws` writes itself (close, pong, large messages)
 *   reach the socket in the order they were sent.
 * What is written here is counted in `ws.bufferedAmount` (it reads the TCP socket's
 * own queue), so the slow-reader limit (4429, sync-endpoint.ts) sees it.
 */
import type { Writable } from 'node:stream';

/** What of a `ws` WebSocket this needs: all public API. */
export interface FramedSocket {
  readonly readyState: number;
  readonly extensions: string;
  send(data: Uint8Array): void;
}

const OPEN = 1;
const FIN_BINARY = 0x82;
/**
 * Larger messages (a whole document, a big paste) go through `ws`: copying them
 * into a frame would cost more than the `writev`, and they seldom go to many sockets.
 */
export const SHARED_FRAME_MAX_BYTES = 64 * 1024;

/** For tests: frames built, frames written (a frame built once and written to n sockets counts n), messages left to `ws`. */
export const sharedFrameCounters = { built: 0, written: 0, throughWs: 0 };

/** The message framed last, and its frame: a fan-out sends one message to every socket in a row. */
let lastMessage: Uint8Array | undefined;
let lastFrame: Buffer | undefined;

/** `data` as one unmasked, final binary WebSocket frame (RFC 6455, 5.2). */
export function binaryFrame(data: Uint8Array): Buffer {
  if (data === lastMessage) return lastFrame!;
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
  sharedFrameCounters.built++;
  lastMessage = data;
  lastFrame = frame;
  return frame;
}

/**
 * A send function for one accepted socket. `tcp` is the connection the upgrade
 * request came on, the one `ws` writes to; without it every message goes through `ws`.
 */
export function framedSender(ws: FramedSocket, tcp: Writable | undefined): (data: Uint8Array) => void {
  // Fixed by the handshake, so read once.
  const plain = tcp !== undefined && ws.extensions === '';
  return (data) => {
    if (plain && data.byteLength <= SHARED_FRAME_MAX_BYTES && ws.readyState === OPEN && tcp.writable) {
      tcp.write(binaryFrame(data));
      sharedFrameCounters.written++;
    } else {
      ws.send(data);
      sharedFrameCounters.throughWs++;
    }
  };
}
