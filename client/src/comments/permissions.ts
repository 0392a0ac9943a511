/**
 * What the signed-in user may do with comments, mirroring the server's rules
 * (server/src/comments/permissions.ts) so the UI only offers what will work.
 * The server still decides.
 */
import type { Role } from '../api/types';
import type { Thread, ThreadComment } from '../api/comments';

/** Commissioners and the author comment; publishers and observers read. */
export const canComment = (role: Role): boolean => role === 'author' || role === 'commissioner';

/** The author role, or whoever started the thread. */
export const canResolve = (role: Role, userId: string, thread: Thread): boolean =>
  role === 'author' || (canComment(role) && thread.createdBy.userId === userId);

/** Only one's own comment, while one may comment. */
export const canChange = (role: Role, userId: string, comment: ThreadComment): boolean =>
  canComment(role) && !comment.deleted && comment.author.userId === userId;

/** Threads I started or commented in (the "Mine" filter). */
export const isMine = (thread: Thread, userId: string): boolean =>
  thread.createdBy.userId === userId || thread.comments.some((c) => c.author.userId === userId);
