/**
 * One client socket on one document. Listens from the first byte: messages are
 * queued (with a byte cap) until the caller is authorised and the document is
 * loaded, then handled in order.
 */
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  can,
  capabilitiesOf,
  CloseCode,
  ConcordMessage,
  CONCORD_PROTOCOL_VERSION,
  ErrorCode,
  MessageType,
  type Welcome,
} from '@concord/shared';
import type { Room } from './room.js';
import { InvalidUpdateError, MissingDependenciesError } from './update-guard.js';
import { awarenessMessage, concordJsonMessage, messageByteLength, savedMessage, syncStep1, type MessagePieces } from './encoding.js';
import type { Principal, RoomPeer, SyncLimits, SyncSocket } from './types.js';
import { enforcePresenceIdentity } from './presence.js';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../logger.js';
import { TokenBucket } from './token-bucket.js';
import { bringsNothingNew } from './known-update.js';

/** Bytes of sync step 2 answer that cost one message's worth of rate limit. */
const SYNC_REPLY_BYTES_PER_TOKEN = 16 * 1024;

type State =
  { kind: 'pending'; queue: Uint8Array[]; queuedBytes: number } | { kind: 'ready'; room: Room; principal: Principal } | { kind: 'closed' };

export class SyncConnection implements RoomPeer {
  private state: State = { kind: 'pending', queue: [], queuedBytes: 0 };
  private refusedWrites = 0;
  private readonly bucket: TokenBucket;
  private readonly awarenessBucket: TokenBucket;
  /** Awareness client ids this connection has announced (its own presence). */
  readonly awarenessClientIds = new Set<number>();

  constructor(
    private readonly socket: SyncSocket,
    readonly docId: string,
    readonly wantsConcordMessages: boolean,
    private readonly limits: SyncLimits,
    private readonly log: Logger,
  ) {
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.awarenessBucket = new TokenBucket(limits.presencePerSecond, limits.presencePerSecond * 2);
  }

  get principal(): Principal | undefined {
    return this.state.kind === 'ready' ? this.state.principal : undefined;
  }

  get isClosed(): boolean {
    return this.state.kind === 'closed';
  }

  /** Transport calls this for every binary message. */
  receive(data: Uint8Array): void {
    if (this.state.kind === 'closed') return;
    // The stock y-websocket client echoes every presence change it hears back to
    // the server, so presence traffic grows with the number of people in the
    // room. It is ephemeral: over its own budget it is dropped, never a reason
    // to disconnect. Document messages keep the strict budget.
    if (data[0] === MessageType.awareness) {
      if (!this.awarenessBucket.take()) return;
    } else if (!this.bucket.take()) {
      return this.close(CloseCode.rateLimited, 'too many messages');
    }
    if (this.state.kind === 'pending') {
      this.state.queuedBytes += data.byteLength;
      if (this.state.queuedBytes > this.limits.maxPreAuthBytes)
        return this.close(CloseCode.preAuthOverflow, 'too much data before authorisation');
      this.state.queue.push(data);
      return;
    }
    this.handle(this.state.room, this.state.principal, data);
  }

  /** Called once the caller is authorised and the room is loaded. */
  start(room: Room, principal: Principal): void {
    if (this.state.kind !== 'pending') return;
    const queued = this.state.queue;
    this.state = { kind: 'ready', room, principal };
    room.add(this);
    if (this.wantsConcordMessages) {
      const welcome: Welcome = {
        userId: principal.userId,
        name: principal.name,
        color: principal.color,
        role: principal.role,
        capabilities: capabilitiesOf(principal.role),
        protocolVersion: CONCORD_PROTOCOL_VERSION,
      };
      this.send(concordJsonMessage(ConcordMessage.welcome, welcome));
    }
    // Standard server greeting: our state vector, then everyone's presence. At once:
    // the client answers with what we lack, which is never a reason to wait for the disk.
    this.send(syncStep1(room.doc));
    const states = room.awareness.getStates();
    if (states.size > 0) this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()])));
    for (const data of queued) {
      if (this.state.kind !== 'ready') break;
      this.handle(room, principal, data);
    }
  }

  /** Sends one message, given whole or in pieces (encoding.ts: a whole-document answer is never joined). */
  send(data: Uint8Array | MessagePieces): void {
    if (this.state.kind === 'closed') return;
    try {
      this.socket.send(data);
    } catch (err) {
      this.log.debug({ err }, 'send failed; closing');
      this.close(CloseCode.goingAway, 'send failed');
    }
  }

  close(code: number, reason: string): void {
    if (this.state.kind === 'closed') return;
    const room = this.state.kind === 'ready' ? this.state.room : undefined;
    this.state = { kind: 'closed' };
    room?.remove(this);
    try {
      this.socket.close(code, reason);
    } catch {
      // The socket may already be gone; nothing to do.
    }
  }

  /** Transport calls this when the socket closed from the other side. */
  closed(): void {
    if (this.state.kind === 'closed') return;
    const room = this.state.kind === 'ready' ? this.state.room : undefined;
    this.state = { kind: 'closed' };
    room?.remove(this);
  }

  private sendError(code: string, message: string): void {
    if (this.wantsConcordMessages) this.send(concordJsonMessage(ConcordMessage.error, { code, message }));
  }

  private handle(room: Room, principal: Principal, data: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.sync:
          return this.handleSync(room, principal, decoder);
        case MessageType.awareness:
          return this.handleAwareness(room, principal, decoding.readVarUint8Array(decoder));
        case MessageType.queryAwareness: {
          const states = room.awareness.getStates();
          this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()])));
          return;
        }
        case MessageType.auth:
        case MessageType.concord:
          return; // nothing a client may ask of us here (yet)
        default:
          return this.close(CloseCode.badMessage, 'unknown message type');
      }
    } catch (err) {
      if (err instanceof InvalidUpdateError) {
        this.log.warn({ docId: this.docId, userId: principal.userId, reason: err.message }, 'refused update');
        this.sendError(ErrorCode.invalidUpdate, err.message);
        return this.close(CloseCode.badMessage, err.message);
      }
      this.log.warn({ docId: this.docId, userId: principal.userId, err }, 'malformed message');
      return this.close(CloseCode.badMessage, 'malformed message');
    }
  }

  private handleSync(room: Room, principal: Principal, decoder: decoding.Decoder): void {
    const subtype = decoding.readVarUint(decoder);
    switch (subtype) {
      case syncProtocol.messageYjsSyncStep1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        Y.decodeStateVector(stateVector); // validate before use
        // Answered once what the room applied before this is committed (room.ts); live
        // updates wait for the answer. `saved` says what is durable, which may be less.
        room.answerSyncStep1(this, stateVector, (reply) => {
          if (this.isClosed) return;
          // The answer can be the whole document, so it is charged by size (at most a
          // full bucket): asking again and again is rate limited like sending that much.
          const cost = Math.min(this.limits.messageBurst, Math.floor(messageByteLength(reply) / SYNC_REPLY_BYTES_PER_TOKEN));
          if (!this.bucket.take(cost)) return this.close(CloseCode.rateLimited, 'too many sync requests');
          this.send(reply);
          if (this.wantsConcordMessages) this.send(savedMessage(room.savedStateVector));
        });
        return;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder);
        if (!can(principal.role, 'edit')) return this.refuseWrite(room, principal, update);
        const kind = subtype === syncProtocol.messageYjsSyncStep2 ? 'answer' : 'update';
        try {
          room.applyClientUpdate(this, update, kind);
        } catch (err) {
          if (!(err instanceof MissingDependenciesError)) throw err;
          // An answer is cut at its gaps before this (room.ts); asking again could only
          // repeat it, back and forth until the rate limit closed an honest client.
          if (kind === 'answer') {
            this.log.warn({ docId: this.docId, userId: principal.userId, reason: err.message }, 'sync step 2 not applied');
            return;
          }
          // The stock client sends what it types as soon as the socket opens, before
          // it has answered our sync step 1 with its offline changes. Not applied,
          // not acknowledged; our step 1 makes it send everything we lack, this included.
          this.log.debug(
            { docId: this.docId, userId: principal.userId, reason: err.message },
            'update ahead of sync; asking for missing state',
          );
          this.send(syncStep1(room.doc));
        }
        return;
      }
      default:
        throw new Error('unknown sync message');
    }
  }

  private refuseWrite(room: Room, principal: Principal, update: Uint8Array): void {
    // A read-only client's sync step 2 that brings nothing new is normal protocol traffic
    // (its answer to our step 1 repeats its whole delete set, or state it had cached),
    // not an attempt to write: nothing to apply, nothing to refuse.
    if (bringsNothingNew(room.doc, update)) return;
    this.refusedWrites++;
    this.log.warn({ docId: this.docId, userId: principal.userId, role: principal.role }, 'refused write from read-only role');
    this.sendError(ErrorCode.readOnly, `your role (${principal.role}) cannot edit this document`);
    if (this.refusedWrites >= this.limits.maxRefusedWrites) this.close(CloseCode.forbidden, 'read-only role kept sending updates');
  }

  private handleAwareness(room: Room, principal: Principal, update: Uint8Array): void {
    const rewritten = enforcePresenceIdentity(update, principal, this, room);
    if (rewritten) awarenessProtocol.applyAwarenessUpdate(room.awareness, rewritten, this);
  }
}
