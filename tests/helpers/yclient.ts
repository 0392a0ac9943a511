/** The stock y-websocket client, in Node, authenticated with a session cookie. */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { CONCORD_QUERY_PARAM } from '@concord/shared';

export interface StockClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closeEvents: { code: number; reason: string }[];
  destroy(): void;
}

export function stockClient(
  serverUrl: string,
  docId: string,
  cookie: string | undefined,
  options: { doc?: Y.Doc; concord?: boolean; origin?: string; connect?: boolean } = {},
): StockClient {
  const doc = options.doc ?? new Y.Doc();
  const closeEvents: { code: number; reason: string }[] = [];
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (options.origin) headers.origin = options.origin;
  class AuthedWebSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, { headers });
      this.on('close', (code: number, reason: Buffer) => closeEvents.push({ code, reason: reason.toString() }));
    }
  }
  const provider = new WebsocketProvider(serverUrl.replace(/^http/, 'ws') + '/sync', docId, doc, {
    WebSocketPolyfill: AuthedWebSocket as unknown as typeof globalThis.WebSocket,
    params: options.concord ? { [CONCORD_QUERY_PARAM]: '1' } : {},
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 300,
  });
  return {
    doc,
    provider,
    closeEvents,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Waits for a state; the limit only bounds a failure, so it is generous (a loaded 2-core CI machine is slow). */
export async function waitFor(predicate: () => boolean, timeoutMs = 30_000, message = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function synced(client: StockClient, timeoutMs = 30_000): Promise<void> {
  return waitFor(() => client.provider.synced, timeoutMs, 'sync');
}
