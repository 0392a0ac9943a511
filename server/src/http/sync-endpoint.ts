/**
 * The one place that joins the WebSocket transport to the sync layer: cookie
 * authentication, Origin check, role lookup, then hand the socket to a
 * SyncConnection that has been listening (and queueing) since the first byte.
 */
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import type { Context } from 'hono';
import { CloseCode, CONCORD_QUERY_PARAM } from '@concord/shared';
import type { AppEnv } from './context.js';
import { clientAddress } from './client-address.js';
import { getCookie } from 'hono/cookie';
import { hashToken, SESSION_COOKIE } from '../auth/sessions.js';
import { isOriginAllowed } from './origin-check.js';
import { SyncConnection } from '../sync/connection.js';
import { DocumentNotFoundError } from '../sync/room-manager.js';
import { DocumentLoadError, type Room } from '../sync/room.js';
import { defaultSyncLimits, type SyncLimits } from '../sync/types.js';

export function syncEndpoint(upgradeWebSocket: UpgradeWebSocket, limits: SyncLimits = defaultSyncLimits) {
  return upgradeWebSocket((c: Context<AppEnv>) => {
    const services = c.get('services');
    const user = c.get('user');
    const docId = c.req.param('docId') ?? '';
    const wantsConcord = c.req.query(CONCORD_QUERY_PARAM) !== undefined;
    const originAllowed = isOriginAllowed(c, services);
    const address = clientAddress(c);
    let conn: SyncConnection | undefined;
    let room: Room | undefined;
    let releaseSlot: (() => void) | undefined;
    let forgetSession: (() => void) | undefined;
    let leaveReadGate: (() => void) | undefined;
    const token = getCookie(c, SESSION_COOKIE);

    return {
      onOpen(_event, ws: WSContext) {
        conn = new SyncConnection(
          {
            send: (data) => {
              // A client that stops reading must not make us buffer without bound. The
              // cap is far above what a slow network leaves unread; the client is told
              // why with a code that makes it reconnect (and resync: nothing is lost).
              if (bufferedBytes(ws) > services.config.maxUnreadBytes)
                return conn?.close(CloseCode.slowReader, 'not reading what the server sends; reconnect');
              ws.send(data as Uint8Array<ArrayBuffer>);
            },
            close: (code, reason) => ws.close(code, reason),
          },
          docId,
          wantsConcord,
          limits,
          services.log,
        );
        // While the disk is backed up, the server stops reading every socket (see write-batcher.ts).
        const raw = ws.raw as { pause?: () => void; resume?: () => void } | undefined;
        if (raw?.pause && raw.resume)
          leaveReadGate = services.rooms.readGate.register({ pause: () => raw.pause!(), resume: () => raw.resume!() });
        if (!originAllowed) return conn.close(CloseCode.forbidden, 'origin not allowed');
        if (!user) return conn.close(CloseCode.unauthorized, 'sign in first');
        // Ending this session (sign-out, password change, CLI reset) closes this socket: 4401.
        if (token) forgetSession = services.sessionSockets.register(hashToken(token), user.id, (code, reason) => conn?.close(code, reason));
        const opened = conn;
        void (async () => {
          try {
            // Counted across processes with REDIS_URL, so the reservation may take a round trip.
            const slot = await services.connectionLimits.acquire(user.id, address);
            if (!slot) return opened.close(CloseCode.rateLimited, 'too many open connections');
            // Closed while we asked: give it back at once.
            if (opened.isClosed) return slot();
            releaseSlot = slot;
            // Opening the document accepts an invitation to it (issue 12).
            const role = await services.members.roleOnOpening(docId, user.id);
            if (!role) return opened.close(CloseCode.notFound, 'document not found');
            const loaded = await services.rooms.acquire(docId);
            if (opened.isClosed) return services.rooms.release(loaded);
            room = loaded;
            opened.start(loaded, { userId: user.id, name: user.name, color: user.color, role });
          } catch (err) {
            if (err instanceof DocumentNotFoundError) return opened.close(CloseCode.notFound, 'document not found');
            if (err instanceof DocumentLoadError) {
              services.log.error({ err, docId }, 'refusing connection: document failed to load');
              return opened.close(CloseCode.loadFailed, 'document could not be loaded');
            }
            services.log.error({ err, docId }, 'connection setup failed');
            opened.close(CloseCode.loadFailed, 'internal error');
          }
        })();
      },
      // Hono types the event as the DOM's MessageEvent, which the server (no DOM
      // library) cannot see; only its data is read.
      onMessage(event: { data: unknown }) {
        if (!conn) return;
        const data = event.data;
        if (!(data instanceof ArrayBuffer)) return conn.close(CloseCode.badMessage, 'binary messages only');
        if (data.byteLength > services.config.maxMessageBytes) return conn.close(CloseCode.messageTooLarge, 'message too large');
        conn.receive(new Uint8Array(data));
      },
      onClose() {
        leaveReadGate?.();
        releaseSlot?.();
        forgetSession?.();
        conn?.closed();
        if (room) services.rooms.release(room);
      },
      onError(event) {
        services.log.debug({ docId, event: event.type }, 'socket error');
      },
    };
  });
}

function bufferedBytes(ws: WSContext): number {
  return (ws.raw as { bufferedAmount?: number } | undefined)?.bufferedAmount ?? 0;
}
