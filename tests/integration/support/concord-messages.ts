/**
 * Listening to Concord's additions (message type 100) on a stock y-websocket
 * client, and a raw socket for tests that must control every byte.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { ConcordMessage, MessageType } from '@concord/shared';
import type { StockClient } from '../../helpers/yclient.js';

export interface ConcordInbox {
  /** Every `saved` state vector, in arrival order. */
  saved: Map<number, number>[];
  errors: { code: string; message: string }[];
  welcomes: { userId: string; name: string; role: string }[];
  events: unknown[];
  /** Highest clock acknowledged as durable for a Yjs client id (0 if none). */
  ackedClock(clientId: number): number;
}

/** Registers a handler for type 100 on the provider (call before it connects). */
export function listenConcord(client: StockClient): ConcordInbox {
  const acked = new Map<number, number>();
  const inbox: ConcordInbox = {
    saved: [],
    errors: [],
    welcomes: [],
    events: [],
    ackedClock: (clientId) => acked.get(clientId) ?? 0,
  };
  client.provider.messageHandlers[MessageType.concord] = (_encoder, decoder) => {
    const kind = decoding.readVarUint(decoder);
    if (kind === ConcordMessage.saved) {
      const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      inbox.saved.push(sv);
      for (const [id, clock] of sv) acked.set(id, Math.max(clock, acked.get(id) ?? 0));
      return;
    }
    const json = JSON.parse(decoding.readVarString(decoder)) as never;
    if (kind === ConcordMessage.error) inbox.errors.push(json);
    else if (kind === ConcordMessage.welcome) inbox.welcomes.push(json);
    else if (kind === ConcordMessage.event) inbox.events.push(json);
  };
  return inbox;
}

/**
 * Resolves once the server has answered a query-awareness sent now. The server
 * answers in order, so everything it sent this client before (e.g. a broadcast
 * of an update committed earlier) has arrived by then.
 */
export function roundTrip(client: StockClient, timeoutMs = 30_000): Promise<void> {
  const ws = client.provider.ws as unknown as WebSocket | null;
  if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('client is not connected'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to query-awareness')), timeoutMs);
    const onMessage = (data: ArrayBuffer | Buffer) => {
      const first = data instanceof ArrayBuffer ? new Uint8Array(data)[0] : data[0];
      if (first !== MessageType.awareness) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve();
    };
    ws.on('message', onMessage);
    ws.send(Uint8Array.of(MessageType.queryAwareness));
  });
}

/**
 * A raw socket to /sync/:docId asking for Concord events (`?concord=1`), as `cookie`'s
 * user; resolves with the live list of events it hears once the server has welcomed it.
 * `cleanup` gets the function that closes it.
 */
export function liveEvents(serverUrl: string, docId: string, cookie: string, cleanup: (() => void)[]): Promise<Record<string, unknown>[]> {
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/sync/${docId}?concord=1`, { headers: { cookie } });
  cleanup.push(() => ws.terminate());
  const events: Record<string, unknown>[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for welcome')), 30_000);
    ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) !== MessageType.concord) return;
      const sub = decoding.readVarUint(d);
      if (sub === ConcordMessage.welcome) {
        clearTimeout(timer);
        resolve(events);
      }
      if (sub === ConcordMessage.event) events.push(JSON.parse(decoding.readVarString(d)) as Record<string, unknown>);
    });
  });
}

export interface RawSocket {
  ws: WebSocket;
  /** Every binary message received, in order. */
  received: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  send(message: Uint8Array): void;
}

/** A bare socket to /sync/:docId; `firstMessages` are sent the moment it opens (before the server has authorised it). */
export function rawSocket(
  serverUrl: string,
  docId: string,
  options: { cookie?: string; origin?: string; concord?: boolean; firstMessages?: Uint8Array[] } = {},
): RawSocket {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  const url = `${serverUrl.replace(/^http/, 'ws')}/sync/${encodeURIComponent(docId)}${options.concord ? '?concord=1' : ''}`;
  const ws = new WebSocket(url, { headers });
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      for (const m of options.firstMessages ?? []) ws.send(m);
      resolve();
    });
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, received, opened, closed, send: (m) => ws.send(m) };
}

/** A sync "update" message carrying `update`. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, 2); // y-protocols messageYjsUpdate
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** An awareness message announcing `state` for `clientId`. */
export function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** A standalone update that inserts `text` into Y.Text `name` (applies to any document). */
export function textInsertUpdate(name: string, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText(name).insert(0, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
