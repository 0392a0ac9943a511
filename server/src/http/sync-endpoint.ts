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
import { framedSender, type FramedSocket } from './shared-frames.js';
import type { IncomingMessage } from 'node:http';
import type { MessagePieces } from '../sync/encoding.js';

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
    // The connection the upgrade came on: `ws` writes its frames to it, and so does framedSender.
    const tcp = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;

    const receive = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (!conn) return;
      if (!isBinary || !Buffer.isBuffer(data)) return conn.close(CloseCode.badMessage, 'binary messages only');
      if (data.byteLength > services.config.maxMessageBytes) return conn.close(CloseCode.messageTooLarge, 'message too large');
      // A copy of its own, as Hono made: `ws` may hand over a view into a larger read buffer, and
      // a message can outlive this call (queued until the caller is authorised, for one).
      conn.receive(new Uint8Array(data));
    };

    return {
      onOpen(_event, ws: WSContext) {
        const raw = ws.raw as RawSocket;
        const write = framedSender(raw, tcp);
        conn = new SyncConnection(
          {
            send: (data) => {
              // A client that stops reading must not make us buffer without bound. The
              // cap is far above what a slow network leaves unread; the client is told
              // why with a code that makes it reconnect (and resync: nothing is lost).
              if (raw.bufferedAmount > services.config.maxUnreadBytes)
                return conn?.close(CloseCode.slowReader, 'not reading what the server sends; reconnect');
              if (data instanceof Uint8Array) return write(data);
              sendInFrames(raw, data);
            },
            close: (code, reason) => ws.close(code, reason),
          },
          docId,
          wantsConcord,
          limits,
          services.log,
        );
        // Messages are taken from `ws` itself, not through Hono's onMessage, which wraps each
        // one in a DOM MessageEvent and copies it into an ArrayBuffer first. Attached here, as
        // Hono attaches its own listener: nothing can have arrived in between (this runs in the
        // same turn as the upgrade's end), so nothing is missed.
        raw.on('message', (data, isBinary) => {
          try {
            receive(data, isBinary);
          } catch (err) {
            // An exception here would reach the socket's read and take the process down.
            services.log.error({ err, docId }, 'socket message handler failed');
          }
        });
        // While the disk is backed up, the server stops reading every socket (see write-batcher.ts).
        leaveReadGate = services.rooms.readGate.register({ pause: () => raw.pause(), resume: () => raw.resume() });
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

/** What of `ws`'s WebSocket (Hono's `ws.raw` on Node) this uses: its public API. */
interface RawSocket extends FramedSocket {
  readonly bufferedAmount: number;
  /** `fin: false`: a fragment, the message goes on in the next frame (RFC 6455, 5.4). */
  send(data: Uint8Array, options?: { binary: true; fin: boolean }): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  pause(): void;
  resume(): void;
}

/**
 * One message in pieces, a frame each, through `ws` (RFC 6455 fragmentation: the
 * receiver, `ws` or a browser, hands its application the joined message), so a
 * whole-document answer goes out without being copied behind its header
 * (encoding.ts). Both frames are written in this turn (`ws` writes at once, see
 * shared-frames.ts), so no other message can come between them.
 */
function sendInFrames(raw: RawSocket, [head, body]: MessagePieces): void {
  raw.send(head, { binary: true, fin: false });
  raw.send(body, { binary: true, fin: true });
}
