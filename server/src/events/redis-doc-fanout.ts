/**
 * DocFanout (sync/doc-fanout.ts) over Redis pub/sub: one channel per document,
 * subscribed only by the processes that have it open. A message is
 *
 *   kind (1 = update, 2 = presence) · publishing process id · payload
 *
 * with lib0 encoding; an update's payload is its client-id claims (count, then
 * client id and user id each), its log positions (count, then each) and the update. A process ignores its own
 * messages: its room already has what it published.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { DocFanout, FanoutReceiver } from '../sync/doc-fanout.js';
import type { ClientClaim } from '../sync/write-batcher.js';
import type { RedisLink } from './redis-link.js';

const KIND_UPDATE = 1;
const KIND_PRESENCE = 2;

const docChannel = (docId: string) => `concord:doc:${docId}`;

export class RedisDocFanout implements DocFanout {
  constructor(private readonly link: RedisLink) {}

  join(docId: string, receiver: FanoutReceiver): Promise<() => void> {
    return this.link.subscribe(docChannel(docId), (message) => this.receive(message, receiver));
  }

  publishUpdate(docId: string, update: Uint8Array, claims: readonly ClientClaim[], seqs: readonly number[]): void {
    const e = this.header(KIND_UPDATE);
    encoding.writeVarUint(e, claims.length);
    for (const { clientId, userId } of claims) {
      encoding.writeVarUint(e, clientId);
      encoding.writeVarString(e, userId);
    }
    encoding.writeVarUint(e, seqs.length);
    for (const seq of seqs) encoding.writeVarUint(e, seq);
    encoding.writeVarUint8Array(e, update);
    this.link.publish(docChannel(docId), Buffer.from(encoding.toUint8Array(e)));
  }

  publishPresence(docId: string, update: Uint8Array): void {
    const e = this.header(KIND_PRESENCE);
    encoding.writeVarUint8Array(e, update);
    this.link.publish(docChannel(docId), Buffer.from(encoding.toUint8Array(e)));
  }

  onGap(listener: () => void): () => void {
    return this.link.onResumed(listener);
  }

  private header(kind: number): encoding.Encoder {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, kind);
    encoding.writeVarString(e, this.link.processId);
    return e;
  }

  private receive(message: Buffer, receiver: FanoutReceiver): void {
    const d = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
    const kind = decoding.readVarUint(d);
    if (decoding.readVarString(d) === this.link.processId) return;
    if (kind === KIND_PRESENCE) return receiver.presence(decoding.readVarUint8Array(d));
    if (kind !== KIND_UPDATE) return;
    const claims: ClientClaim[] = [];
    for (let n = decoding.readVarUint(d); n > 0; n--) claims.push({ clientId: decoding.readVarUint(d), userId: decoding.readVarString(d) });
    const seqs: number[] = [];
    for (let n = decoding.readVarUint(d); n > 0; n--) seqs.push(decoding.readVarUint(d));
    receiver.update(decoding.readVarUint8Array(d), claims, seqs);
  }
}
