/**
 * Runs inside the capture worker thread (capture-runner.ts): keeps a replica of
 * each document a checkpoint has been taken of, fed with the room's own updates
 * in the order they happened, and does a checkpoint's heavy part there —
 * converting the whole document, hashing and fingerprinting its blocks and
 * evaluating their consensus — so that none of it holds the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { ydocToProseMirror } from '@concord/shared';
import { captureContent, type Captured, type CaptureInputs } from './capture-content.js';
import type { PMJson } from './version-content.js';

export type CaptureMessage =
  | { type: 'open'; key: number; state: Uint8Array }
  | { type: 'update'; key: number; update: Uint8Array }
  | { type: 'close'; key: number }
  | { type: 'capture'; id: number; key: number; inputs: CaptureInputs; full: boolean };

export type CaptureReply = { ready: true } | { id: number; ok: true; captured: Captured } | { id: number; ok: false; message: string };

if (!parentPort) throw new Error('capture-worker.ts must run in a worker thread');
const port = parentPort;

interface Replica {
  doc: Y.Doc;
  /** Wording hashes the last capture of this replica returned: the caller has stored those. */
  sent: Set<string>;
}
const replicas = new Map<number, Replica>();

port.on('message', (m: CaptureMessage) => {
  switch (m.type) {
    case 'open': {
      const doc = new Y.Doc({ gc: true });
      try {
        Y.applyUpdate(doc, m.state);
        replicas.set(m.key, { doc, sent: new Set() });
      } catch {
        doc.destroy();
      }
      return;
    }
    case 'update':
      // A replica that failed to open has no entry; its captures answer with an error.
      if (replicas.has(m.key)) Y.applyUpdate(replicas.get(m.key)!.doc, m.update);
      return;
    case 'close':
      replicas.get(m.key)?.doc.destroy();
      replicas.delete(m.key);
      return;
    case 'capture': {
      const replica = replicas.get(m.key);
      if (!replica) return port.postMessage({ id: m.id, ok: false, message: 'no replica of this document' } satisfies CaptureReply);
      try {
        const doc = ydocToProseMirror(replica.doc).toJSON() as PMJson;
        const captured = captureContent(doc, m.inputs, m.full ? new Set() : replica.sent);
        replica.sent = new Set(captured.blocks.map((b) => b.hash));
        port.postMessage({ id: m.id, ok: true, captured } satisfies CaptureReply);
      } catch (err) {
        port.postMessage({ id: m.id, ok: false, message: (err as Error).message } satisfies CaptureReply);
      }
      return;
    }
  }
});
port.postMessage({ ready: true } satisfies CaptureReply);
