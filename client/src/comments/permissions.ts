/**
 * What the signed-in user may do with comments, from the capabilities the
 * server sent for this document (the same rules as @concord/shared's
 * mayResolveThread / mayChangeComment, which the server applies), so the UI
 * only offers what will work. The server still decides.
 */
import type { Capability } from '../api/types';
import type { Thread, ThreadComment } from '../api/comments';

type Capabilities = readonly Capability[];

/** Whoever may comment (commissioners and the author); publishers and observers read. */
export const canComment = (capabilities: Capabilities): boolean => capabilities.includes('comment');

/** Whoever may resolve any thread (the author), or whoever started this one. */
export const canResolve = (capabilities: Capabilities, userId: string, thread: Thread): boolean =>
  capabilities.includes('resolve') || (canComment(capabilities) && thread.createdBy.userId === userId);

/** Only one's own comment, while one may comment. */
export const canChange = (capabilities: Capabilities, userId: string, comment: ThreadComment): boolean =>
  canComment(capabilities) && !comment.deleted && comment.author.userId === userId;

/** Threads I started or commented in (the "Mine" filter). */
export const isMine = (thread: Thread, userId: string): boolean =>
  thread.createdBy.userId === userId || thread.comments.some((c) => c.author.userId === userId);
