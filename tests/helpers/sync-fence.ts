/**
 * A fence on a sync socket: a positive signal that the server has handled everything
 * the socket sent before, instead of a sleep that hopes it has.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type WebSocket from 'ws';
import { MessageType } from '@concord/shared';
import type { StockClient } from './yclient.js';

export function syncMessage(subtype: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, subtype);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/**
 * Resolves once the server has handled everything this socket sent before: it asks
 * for the document (sync step 1) and waits for the answer, a sync step 2 the server
 * never sends unasked. The server handles a socket's messages in order. A stock
 * client on the socket applies the answer too, which changes nothing it holds.
 */
export function fence(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to the fence')), 30_000);
    // The stock client's socket hands over ArrayBuffers (y-websocket sets binaryType), a raw one Buffers.
    const onMessage = (data: Buffer | ArrayBuffer) => {
      const bytes = new Uint8Array(data);
      if (bytes[0] !== MessageType.sync || bytes[1] !== 1) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve();
    };
    ws.on('message', onMessage);
    ws.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())));
  });
}

/** The socket a connected stock client talks through. */
export const socketOf = (client: StockClient) => client.provider.ws as unknown as WebSocket;
