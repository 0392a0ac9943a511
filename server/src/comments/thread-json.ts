/**
 * The JSON shape of threads and comments sent to clients (documented in
 * docs/PROTOCOL.md). `detached` is computed here, against the server's current
 * document, never stored: a block that comes back (undo) re-attaches its threads.
 */
import type { CommentJson, ConsensusView, ThreadJson } from '@concord/shared';
import type { StoredComment, StoredThread } from '../store/types.js';
import type { Person } from '../auth/people.js';

/** The shapes are declared once, in @concord/shared (api/review-responses.ts). */
export type { CommentJson, ThreadJson };

/** Who a comment's text mentions, as people. */
export type MentionsOf = (text: string) => Person[];

/** Where each current block sits in the document, by id. */
export type BlockPositions = ReadonlyMap<string, number>;

export function blockPositions(view: ConsensusView): BlockPositions {
  const positions = new Map<string, number>();
  view.entries.forEach((e, i) => {
    if (e.block.id !== null && !positions.has(e.block.id)) positions.set(e.block.id, i);
  });
  return positions;
}

export function commentJson(c: StoredComment, person: (id: string) => Person, mentionsOf: MentionsOf = () => []): CommentJson {
  const deleted = c.deletedAt !== null;
  const mentioned = deleted ? [] : mentionsOf(c.text).filter((p) => p.userId !== c.authorId);
  return {
    id: c.id,
    author: person(c.authorId),
    text: deleted ? '' : c.text,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    deleted,
    mentioned,
  };
}

export function threadJson(
  t: StoredThread,
  comments: readonly StoredComment[],
  positions: BlockPositions,
  person: (id: string) => Person,
  mentionsOf: MentionsOf = () => [],
): ThreadJson {
  return {
    id: t.id,
    blockId: t.blockId,
    quote: t.quote,
    anchorText: t.anchorText,
    detached: !positions.has(t.blockId),
    status: t.status,
    createdBy: person(t.createdBy),
    createdAt: t.createdAt,
    resolvedBy: t.resolvedBy === null ? null : person(t.resolvedBy),
    resolvedAt: t.resolvedAt,
    comments: comments.map((c) => commentJson(c, person, mentionsOf)),
  };
}

/** Document order of their blocks; detached threads last; then oldest first (the sort is stable). */
export function inDocumentOrder<T extends { blockId: string }>(threads: readonly T[], positions: BlockPositions): T[] {
  const pos = (t: T) => positions.get(t.blockId) ?? Number.MAX_SAFE_INTEGER;
  return [...threads].sort((a, b) => pos(a) - pos(b));
}

/** Comments grouped by thread, each group oldest first. */
export function commentsByThread(comments: readonly StoredComment[]): Map<string, StoredComment[]> {
  const map = new Map<string, StoredComment[]>();
  for (const c of comments) {
    const list = map.get(c.threadId);
    if (list) list.push(c);
    else map.set(c.threadId, [c]);
  }
  return map;
}
