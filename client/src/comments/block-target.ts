/**
 * Links into a document: `/d/:docId#block-<id>` opens the editor at a block
 * (from the synthesis workspace, a notification), `#thread-<id>` at a thread.
 */
export type BlockTarget = { kind: 'block'; id: string } | { kind: 'thread'; id: string };

export function parseTarget(hash: string): BlockTarget | null {
  const match = /^#(block|thread)-(.+)$/.exec(hash);
  if (!match) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[2]!);
  } catch {
    return null;
  }
  return { kind: match[1] as BlockTarget['kind'], id };
}

export const blockHash = (blockId: string) => `#block-${encodeURIComponent(blockId)}`;
export const threadHash = (threadId: string) => `#thread-${encodeURIComponent(threadId)}`;
