/**
 * One benchmark client per target, built from each server's own stock client:
 * `y-websocket` for Concord (cookie in the upgrade headers, `concord` param for
 * `saved` acks) and for the reference server, `@hocuspocus/provider` for
 * Hocuspocus. Every client counts the bytes it receives and reports what the
 * server acknowledged of its own edits, where the protocol has such a thing.
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { CONCORD_QUERY_PARAM, ConcordMessage, MessageType } from '@concord/shared/protocol/index';
import { ReceivedClocks } from './wire-receipts.js';
import { applyPresence } from './light-presence.js';

export interface ClientSpec {
  target: 'concord' | 'yws' | 'hocuspocus';
  url: string;
  docId: string;
  cookie?: string;
  /** Concord only: ask for `saved` acks (type 100). */
  concordAcks: boolean;
  /**
   * Which of several server processes `url` is (scale scenario): latency is then
   * also reported apart for edits that crossed processes and those that did not.
   */
  via?: number;
}

export interface BenchClient {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Bytes of WebSocket messages received so far. */
  bytesIn(): number;
  /** Close codes of every time the socket was closed (by either side) so far. */
  closes(): number[];
  /**
   * Highest own clock the server acknowledged: Concord's durable `saved` state
   * vector; Hocuspocus's SyncStatus (applied, not yet stored); undefined for the
   * reference server, which has no acknowledgement.
   */
  ackedClock(): number | undefined;
  /** Called with the acknowledged own clock each time it advances. */
  onAck: (clock: number) => void;
  /**
   * From now on read incoming document updates off the wire instead of
   * integrating them: record which clocks of which Yjs clients arrived
   * (`received`) and leave the document as it was. Presence is applied and
   * echoed back to the server as the stock client does, byte for byte, without
   * parsing its JSON (light-presence.ts: remote states become `RawState`s).
   * Sync step 1 and everything else still go through the stock client, so the
   * server sends and receives exactly what it did.
   */
  stopIntegrating(): ReceivedClocks;
  /** Set once the client stopped integrating: what arrived since, read off the wire. */
  readonly received: ReceivedClocks | undefined;
  /** Every edit of Yjs client `clientId` below this clock reached this client (its document, or the wire). */
  stateOf(clientId: number): number;
  destroy(): void;
}

/** y-protocols' sync message types: step 1 carries a state vector (answered as before), step 2 and update carry an update. */
const SYNC_STEP_1 = 0;

type RawData = ArrayBuffer | Buffer | Buffer[];
const toBytes = (data: RawData): Uint8Array =>
  data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : Array.isArray(data)
      ? new Uint8Array(Buffer.concat(data))
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

type SocketClass = new (url: string | URL, protocols?: string | string[]) => WebSocket;

/** A `ws` WebSocket that adds headers, hands every received message to `tap` and reports closes. */
function socketClass(headers: Record<string, string>, tap: (bytes: Uint8Array) => void, onClose: (code: number) => void): SocketClass {
  return class BenchSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
      this.on('message', (data: RawData) => tap(toBytes(data)));
      this.on('close', onClose);
    }
  };
}

export function connectClient(spec: ClientSpec, doc = new Y.Doc()): BenchClient {
  let bytes = 0;
  const closes: number[] = [];
  const closed = (code: number) => void closes.push(code);
  let acked: number | undefined;
  const client = {
    doc,
    onAck: (_clock: number) => {},
    received: undefined as ReceivedClocks | undefined,
    stateOf(clientId: number): number {
      return client.received ? client.received.get(clientId) : Y.getState(doc.store, clientId);
    },
  };
  /** Switches to reading updates off the wire; `intercept` installs the client-specific message hook. */
  const fromWire = (intercept: (received: ReceivedClocks) => void): ReceivedClocks => {
    if (client.received) return client.received;
    const received = new ReceivedClocks(Y.decodeStateVector(Y.encodeStateVector(doc)));
    intercept(received);
    client.received = received;
    return received;
  };
  const advance = (clock: number) => {
    if (acked !== undefined && clock <= acked) return;
    acked = clock;
    client.onAck(clock);
  };

  if (spec.target === 'hocuspocus') {
    const websocketProvider = new HocuspocusProviderWebsocket({
      url: spec.url,
      WebSocketPolyfill: socketClass({}, (b) => (bytes += b.byteLength), closed),
    });
    const provider = new HocuspocusProvider({ websocketProvider, name: spec.docId, document: doc });
    provider.attach();
    provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      // Zero unsynced changes: the server has answered SyncStatus for every update sent so far.
      if (number === 0) advance(Y.getState(doc.store, doc.clientID));
    });
    return Object.assign(client, {
      awareness: provider.awareness!,
      bytesIn: () => bytes,
      closes: () => closes,
      ackedClock: () => acked,
      stopIntegrating: () =>
        fromWire((received) => {
          const original = provider.onMessage.bind(provider);
          const echo = (payload: Uint8Array) => {
            // What provider.send(AwarenessMessage, …) sends: the document name first.
            if (!provider.isAttached) return;
            const encoder = encoding.createEncoder();
            encoding.writeVarString(encoder, spec.docId);
            encoding.writeVarUint(encoder, MessageType.awareness);
            encoding.writeVarUint8Array(encoder, payload);
            websocketProvider.send(encoding.toUint8Array(encoder));
          };
          provider.onMessage = (event) => {
            // Hocuspocus frames every message with the document name first.
            const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
            decoding.readVarString(decoder);
            const type = decoding.readVarUint(decoder);
            if (type === MessageType.sync && decoding.peekVarUint(decoder) !== SYNC_STEP_1) {
              decoding.readVarUint(decoder);
              received.addUpdate(decoding.readVarUint8Array(decoder));
            } else if (type === MessageType.awareness) {
              applyPresence(provider.awareness!, decoding.readVarUint8Array(decoder), provider, echo);
            } else original(event);
          };
        }),
      destroy() {
        provider.destroy();
        websocketProvider.destroy();
        doc.destroy();
      },
    });
  }

  const headers: Record<string, string> = spec.cookie ? { cookie: spec.cookie } : {};
  const tap = (b: Uint8Array) => {
    bytes += b.byteLength;
    if (spec.target !== 'concord' || b[0] !== MessageType.concord) return;
    const decoder = decoding.createDecoder(b);
    decoding.readVarUint(decoder);
    if (decoding.readVarUint(decoder) !== ConcordMessage.saved) return;
    const saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    const own = saved.get(doc.clientID);
    if (own !== undefined) advance(own);
  };
  const provider = new WebsocketProvider(spec.url, spec.docId, doc, {
    WebSocketPolyfill: socketClass(headers, tap, closed) as unknown as typeof globalThis.WebSocket,
    params: spec.target === 'concord' && spec.concordAcks ? { [CONCORD_QUERY_PARAM]: '1' } : {},
    disableBc: true,
  });
  // Concord's own messages are read by `tap` above; keep the stock client from complaining about them.
  provider.messageHandlers[MessageType.concord] = () => {};
  return Object.assign(client, {
    awareness: provider.awareness,
    bytesIn: () => bytes,
    closes: () => closes,
    ackedClock: () => acked,
    stopIntegrating: () =>
      fromWire((received) => {
        const original = provider.messageHandlers[MessageType.sync]!;
        provider.messageHandlers[MessageType.sync] = (encoder, decoder, ...rest) => {
          if (decoding.peekVarUint(decoder) === SYNC_STEP_1) return original(encoder, decoder, ...rest);
          decoding.readVarUint(decoder);
          received.addUpdate(decoding.readVarUint8Array(decoder));
        };
        const echo = (payload: Uint8Array) => {
          // What the provider's awareness handler sends (broadcastMessage; no BroadcastChannel here).
          const ws = provider.ws;
          if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MessageType.awareness);
          encoding.writeVarUint8Array(encoder, payload);
          ws.send(encoding.toUint8Array(encoder));
        };
        provider.messageHandlers[MessageType.awareness] = (_encoder, decoder) =>
          applyPresence(provider.awareness, decoding.readVarUint8Array(decoder), provider, echo);
      }),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  });
}

/** Resolves once the client's document has at least `topLevel` top-level nodes (the complete report). */
export function whenComplete(client: BenchClient, topLevel: number, timeoutMs = 60_000): Promise<number> {
  const fragment = client.doc.getXmlFragment('default');
  return new Promise((resolve, reject) => {
    const check = () => {
      if (fragment.length >= topLevel) {
        client.doc.off('update', check);
        clearTimeout(timer);
        resolve(performance.now());
        return true;
      }
      return false;
    };
    const timer = setTimeout(() => {
      client.doc.off('update', check);
      reject(new Error(`document incomplete after ${timeoutMs} ms (${fragment.length}/${topLevel} top-level nodes)`));
    }, timeoutMs);
    if (!check()) client.doc.on('update', check);
  });
}
