/**
 * Who may do what to comments, apart from how they are stored. Roles come from
 * the session's membership, never from the request.
 */
import { can } from '../http/access.js';
import type { Role, StoredComment, StoredThread } from '../store/types.js';

/** Commissioners and the author comment; publishers and observers read. */
export const canComment = (role: Role): boolean => can(role, 'comment');

/** Only the comment's own author edits or deletes it (and only while they may comment). */
export const canChangeComment = (userId: string, role: Role, comment: StoredComment): boolean =>
  canComment(role) && comment.authorId === userId;

/** The author role, or whoever started the thread, resolves and reopens it. */
export const canResolveThread = (userId: string, role: Role, thread: StoredThread): boolean =>
  can(role, 'resolve') || (canComment(role) && thread.createdBy === userId);
