/** Valid sync messages of an exact byte size, for testing size caps at their edges. */
import * as Y from 'yjs';
import { updateMessage } from './wire.js';

/**
 * A sync update message of exactly `totalBytes`: one fresh client inserting
 * ASCII text into its own root type (valid on any document).
 */
export function updateMessageOfSize(totalBytes: number, client: number, root = `sized-${client}`): { message: Uint8Array; client: number } {
  const build = (chars: number) => {
    const doc = new Y.Doc();
    doc.clientID = client;
    doc.getText(root).insert(0, 'x'.repeat(Math.max(0, chars)));
    const message = updateMessage(Y.encodeStateAsUpdate(doc));
    doc.destroy();
    return message;
  };
  let chars = totalBytes - 64;
  for (let i = 0; i < 10; i++) {
    const message = build(chars);
    if (message.length === totalBytes) return { message, client };
    chars += totalBytes - message.length;
  }
  throw new Error(`cannot build an update message of exactly ${totalBytes} bytes`);
}

/** Resident memory of a process in bytes (Linux /proc). */
export async function residentBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}
