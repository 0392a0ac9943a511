/**
 * Binary messages written to a WebSocket's TCP socket as ready-made frames, each
 * framed once for every socket it goes to (issue 21, "Round 12 (server send path)"
 * in BENCHMARKS.md).
 *
 * An applied edit goes to every other socket of its room. `ws.send` builds a
 * frame header for each of them and hands header and payload to the socket as
 * two writes under `cork` (one `writev`). Instead the room makes the message once
 * per fan-out with sync/shared-message.ts, which builds its frame (header and
 * payload in one buffer, the message being a view of that payload), and here that
 * frame is written to each socket with one `write`: the bytes on the wire are the
 * same. Nothing is remembered across calls: a message not made that way (one
 * socket's own answer) goes through `ws`.
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
import { frameOf } from '../sync/shared-message.js';

/** What of a `ws` WebSocket this needs: all public API. */
export interface FramedSocket {
  readonly readyState: number;
  readonly extensions: string;
  send(data: Uint8Array): void;
}

const OPEN = 1;

/** For tests: shared frames written (a frame written to n sockets counts n), messages left to `ws`. */
export const sharedFrameCounters = { written: 0, throughWs: 0 };

/**
 * A send function for one accepted socket. `tcp` is the connection the upgrade
 * request came on, the one `ws` writes to; without it every message goes through `ws`.
 */
export function framedSender(ws: FramedSocket, tcp: Writable | undefined): (data: Uint8Array) => void {
  // Fixed by the handshake, so read once.
  const plain = ws.extensions === '' ? tcp : undefined;
  return (data) => {
    const frame = plain && frameOf(data);
    if (plain && frame && ws.readyState === OPEN && plain.writable) {
      plain.write(frame);
      sharedFrameCounters.written++;
    } else {
      ws.send(data);
      sharedFrameCounters.throughWs++;
    }
  };
}
