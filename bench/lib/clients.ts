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
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { CONCORD_QUERY_PARAM, ConcordMessage, MessageType } from '@concord/shared/protocol/index';

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
   * From now on drop incoming document updates and presence instead of applying
   * them (the server's work is unchanged). Lets one generator core drive enough
   * writers to load a server: see the ramp scenario.
   */
  stopIntegrating(): void;
  destroy(): void;
}

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
      stopIntegrating() {
        const original = provider.onMessage.bind(provider);
        provider.onMessage = (event) => {
          const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
          decoding.readVarString(decoder); // document name
          const type = decoding.readVarUint(decoder);
          if (type === MessageType.awareness) return;
          if (type === MessageType.sync && decoding.readVarUint(decoder) !== 0) return; // step 2 / update
          original(event);
        };
      },
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
    stopIntegrating() {
      provider.messageHandlers[MessageType.sync] = () => {};
      provider.messageHandlers[MessageType.awareness] = () => {};
    },
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
