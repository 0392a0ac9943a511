/**
 * A WebSocket client on a bare TCP socket that writes the upgrade request and
 * its first frames in one go, without waiting for the handshake. The server
 * then receives data before it has authorised the socket, which is the only
 * way to reach its pre-authorisation queue cap (4408) from outside: a
 * well-behaved client cannot send before the handshake completes.
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { CONCORD_QUERY_PARAM } from '@concord/shared';

export interface PipelinedResult {
  /** HTTP status of the upgrade answer (101 when accepted). */
  status: number;
  /** Close code the server sent, if it closed. */
  closeCode?: number;
  /** Binary messages the server sent before closing (or before `settleMs`). */
  messages: Uint8Array[];
}

/** A masked binary frame, as a client must send it. */
function clientFrame(payload: Uint8Array, opcode = 0x2): Buffer {
  const mask = randomBytes(4);
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0x80 | opcode, 0x80 | len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, body]);
}

/**
 * Opens /sync/:docId with `cookie`, sends `messages` right behind the upgrade
 * request, and collects what the server answers until it closes or `settleMs` passes.
 */
export function pipelinedSync(
  serverUrl: string,
  docId: string,
  cookie: string,
  messages: Uint8Array[],
  settleMs = 3000,
): Promise<PipelinedResult> {
  const url = new URL(serverUrl);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(url.port), url.hostname);
    let buffer = Buffer.alloc(0);
    let status = 0;
    let headerDone = false;
    const result: PipelinedResult = { status: 0, messages: [] };
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      result.status = status;
      resolve(result);
    };
    const timer = setTimeout(finish, settleMs);
    socket.on('error', (err) => {
      clearTimeout(timer);
      if (headerDone) finish();
      else reject(err);
    });
    socket.on('close', () => finish());
    socket.on('connect', () => {
      const request = [
        `GET /sync/${encodeURIComponent(docId)}?${CONCORD_QUERY_PARAM}=1 HTTP/1.1`,
        `Host: ${url.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        `Cookie: ${cookie}`,
        '',
        '',
      ].join('\r\n');
      socket.write(Buffer.concat([Buffer.from(request), ...messages.map((m) => clientFrame(m))]));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!headerDone) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        status = Number(/^HTTP\/1\.1 (\d+)/.exec(buffer.subarray(0, end).toString())?.[1] ?? 0);
        headerDone = true;
        buffer = buffer.subarray(end + 4);
        if (status !== 101) return finish();
      }
      // Server frames are unmasked: opcode, length, payload.
      for (;;) {
        if (buffer.length < 2) return;
        const opcode = buffer[0]! & 0x0f;
        let len = buffer[1]! & 0x7f;
        let offset = 2;
        if (len === 126) {
          if (buffer.length < 4) return;
          len = buffer.readUInt16BE(2);
          offset = 4;
        } else if (len === 127) {
          if (buffer.length < 10) return;
          len = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + len) return;
        const payload = buffer.subarray(offset, offset + len);
        buffer = buffer.subarray(offset + len);
        if (opcode === 0x8) {
          result.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
          return finish();
        }
        if (opcode === 0x2) result.messages.push(new Uint8Array(payload));
      }
    });
  });
}
