/**
 * A TCP relay in front of a server that passes every byte through unchanged and
 * notes the WebSocket frames the server sends (RFC 6455: server frames are not
 * masked), so a test can see how a message was framed on the wire, which no
 * WebSocket client shows its application.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SeenFrame {
  fin: boolean;
  /** 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong. */
  opcode: number;
  payloadBytes: number;
}

export interface FrameTap {
  /** http://127.0.0.1:port of the relay. */
  url: string;
  /** The frames the server sent, per connection through the relay, in order. */
  connections: SeenFrame[][];
  close(): Promise<void>;
}

export async function startFrameTap(serverUrl: string): Promise<FrameTap> {
  const target = new URL(serverUrl);
  const connections: SeenFrame[][] = [];
  const sockets = new Set<Socket>();
  const relay: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    const frames: SeenFrame[] = [];
    connections.push(frames);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream);
    const parse = frameParser(frames);
    upstream.on('data', (chunk: Buffer) => {
      parse(chunk);
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { port } = relay.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}

/** Skips the HTTP upgrade response, then reads frame headers and skips their payloads. */
function frameParser(frames: SeenFrame[]): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  let handshakeDone = false;
  let skip = 0;
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (!handshakeDone) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        pending = pending.subarray(end + 4);
        handshakeDone = true;
      }
      if (skip > 0) {
        const n = Math.min(skip, pending.length);
        skip -= n;
        pending = pending.subarray(n);
        if (skip > 0) return;
      }
      if (pending.length < 2) return;
      let length = pending[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      frames.push({ fin: (pending[0]! & 0x80) !== 0, opcode: pending[0]! & 0x0f, payloadBytes: length });
      pending = pending.subarray(offset);
      skip = length;
    }
  };
}
