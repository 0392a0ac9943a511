/**
 * What the sync layer needs from the outside world. The room and connection
 * know bytes and Y.Doc; they do not know Hono, `ws` or SQL (main.ts wires those).
 */

/** A transport-agnostic socket. */
export interface SyncSocket {
  /**
   * Sends one binary message. Pieces go as that many WebSocket frames, all but the
   * last without FIN (one message to the receiver); a transport that cannot do that
   * joins them (encoding.ts, joinedMessage).
   */
  send(data: Uint8Array | MessagePieces): void;
  close(code: number, reason: string): void;
}

import type { Role } from '@concord/shared';
import type { MessagePieces } from './encoding.js';
export type { Role };

/** Who is on the other end of a connection, as established by the server (never by the client). */
export interface Principal {
  userId: string;
  name: string;
  color: string;
  role: Role;
}

/**
 * What a room needs of a connection (SyncConnection implements it). The room
 * depends on this interface, not on the connection class, so the two modules
 * do not import each other.
 */
export interface RoomPeer {
  /** Undefined until authorised. */
  readonly principal: Principal | undefined;
  /** Asked for Concord messages (type 100) with the `concord` query parameter. */
  readonly wantsConcordMessages: boolean;
  /** Awareness client ids this peer has announced (its own presence). */
  readonly awarenessClientIds: ReadonlySet<number>;
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface SyncLimits {
  /** Bytes a connection may send before it is authorised and its document is loaded. */
  maxPreAuthBytes: number;
  /** Messages per second a connection may sustain (token bucket refill rate). */
  messagesPerSecond: number;
  /** Burst size of the token bucket. */
  messageBurst: number;
  /** Refused writes by a read-only connection before it is disconnected. */
  maxRefusedWrites: number;
  /** Presence messages per second a connection may send; beyond that they are dropped (not closed). */
  presencePerSecond: number;
}

export const defaultSyncLimits: SyncLimits = {
  maxPreAuthBytes: 256 * 1024,
  messagesPerSecond: 200,
  messageBurst: 600,
  maxRefusedWrites: 5,
  presencePerSecond: 2000,
};
