/**
 * One hostile connection of each kind the server must survive, for the
 * responsiveness test and the soak: each opens a socket as `cookie`, misbehaves
 * and reports how the server closed it.
 */
import type { Socket } from 'node:net';
import * as Y from 'yjs';
import { CloseCode } from '@concord/shared';
import { listStartUpdate, selfPileUpUpdate } from './hostile.js';
import type { Random } from './random.js';
import { RawSyncSocket } from './raw-socket.js';
import { queryAwarenessMessage, step1, updateMessage } from './wire.js';

export type AttackKind = 'garbage' | 'over-cap' | 'over-twice-cap' | 'quadratic' | 'quadratic-pile' | 'sync-flood-unread' | 'burst';
export const ATTACK_KINDS: AttackKind[] = [
  'garbage',
  'over-cap',
  'over-twice-cap',
  'quadratic',
  'quadratic-pile',
  'sync-flood-unread',
  'burst',
];

/** The close codes each attack may end with (docs/PROTOCOL.md); 4503 when the document was reloaded meanwhile. */
const EXPECTED_CLOSE: Record<AttackKind, number[]> = {
  garbage: [CloseCode.badMessage],
  'over-cap': [CloseCode.messageTooLarge],
  'over-twice-cap': [1009],
  quadratic: [CloseCode.badMessage],
  'quadratic-pile': [CloseCode.badMessage],
  'sync-flood-unread': [CloseCode.rateLimited],
  burst: [CloseCode.rateLimited],
};

export interface AttackTarget {
  serverUrl: string;
  docId: string;
  cookie: string;
  /** The server's MAX_MESSAGE_BYTES. */
  maxMessageBytes: number;
  /** A root list of the document with many items (quadratic insertions go there). */
  longList: string;
  /** How long to wait for the server to close the socket before calling it "still open". */
  closeWithinMs: number;
}

/** Runs one attack; resolves with the close code, or a description when there was none. */
export async function attack(kind: AttackKind, target: AttackTarget, r: Random): Promise<string> {
  const s = new RawSyncSocket(target.serverUrl, target.docId, target.cookie);
  try {
    await s.ready;
  } catch {
    return `refused at connect ${s.close?.code ?? s.error}`;
  }
  switch (kind) {
    case 'garbage':
      s.send(updateMessage(r.bytes(r.range(1, 4000))));
      break;
    case 'over-cap':
      s.send(new Uint8Array(target.maxMessageBytes + 1));
      break;
    case 'over-twice-cap':
      s.send(new Uint8Array(2 * target.maxMessageBytes + 1));
      break;
    case 'quadratic':
      s.send(
        updateMessage(
          listStartUpdate(2 ** 32 + r.int(1_000_000), target.longList, Math.min(6000, Math.floor(target.maxMessageBytes / 12))),
        ),
      );
      break;
    case 'quadratic-pile':
      s.send(
        updateMessage(
          selfPileUpUpdate(2 ** 32 + r.int(1_000_000), `pile-${r.int(1000)}`, Math.min(6000, Math.floor(target.maxMessageBytes / 12))),
        ),
      );
      break;
    case 'sync-flood-unread': {
      const empty = Y.encodeStateVector(new Y.Doc());
      const tcp = (s as unknown as { ws: { _socket: Socket } }).ws._socket;
      tcp.pause(); // do not read the answers…
      for (let i = 0; i < 600; i++) s.send(step1(empty));
      await new Promise((res) => setTimeout(res, 1000));
      tcp.resume(); // …until later, to see how the server closed the socket
      break;
    }
    case 'burst':
      for (let i = 0; i < 2000; i++) s.send(queryAwarenessMessage());
      break;
  }
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    s.closed,
    new Promise<undefined>((res) => (timer = setTimeout(() => res(undefined), target.closeWithinMs))),
  ]);
  clearTimeout(timer);
  if (!closed) s.terminate();
  return closed ? String(closed.code) : 'still open';
}

/** Whether an outcome is one the protocol documents for that attack. */
export function isExpectedOutcome(kind: AttackKind, outcome: string): boolean {
  return EXPECTED_CLOSE[kind].map(String).includes(outcome) || outcome === String(CloseCode.reloadRequired);
}
