/**
 * Comments are server-authoritative like votes: the caller's identity and role
 * come from the session, the anchor is checked against the server's own copy of
 * the document, every change is audited and pushed live to connected clients.
 * Access rules are @concord/shared's (roles.ts); storage is the CommentStore's.
 */
import type { ConsensusService } from '../consensus/consensus-service.js';
import { newId } from '../auth/accounts.js';
import type { AuditEntry, NewAuditEntry, Role, Stores, StoredComment, StoredThread, User } from '../store/types.js';
import type { EventBus } from '../events/event-bus.js';
import { DomainError, rateLimited } from '../domain/domain-error.js';
import { checkCommentText, MAX_QUOTE_LENGTH } from './comment-text.js';
import { can, MAX_COMMENTS_PER_DOCUMENT, mayChangeComment, mayResolveThread } from '@concord/shared';
import { peopleById } from '../auth/people.js';
import { blockPositions, commentsByThread, inDocumentOrder, threadJson, type BlockPositions, type ThreadJson } from './thread-json.js';
import { localRateLimiters, type RateLimiter, type RateLimiterFactory } from '../limits/rate-limiter.js';
import { findMentions, mentionableMembers } from '../notifications/mentions.js';

export interface ThreadFilter {
  status: 'open' | 'resolved' | 'all';
  /** Only threads the viewer started or commented in. */
  mine: boolean;
  blockId?: string | undefined;
}

/** Which page of the filtered list: after the thread `cursor` names (from the start without one), at most `limit` threads. */
export interface ThreadPage {
  cursor?: string | undefined;
  limit: number;
}

export interface NewThreadInput {
  blockId: string;
  quote?: string | null | undefined;
  text: unknown;
}

/** Who is acting: the session's user and their role on the document. */
export interface Actor {
  user: User;
  role: Role;
}

export class CommentService {
  /** Comment writes per user: a burst of 20, then one a second. */
  readonly limiter: RateLimiter;

  constructor(
    private readonly stores: Stores,
    private readonly consensus: ConsensusService,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
    limits: RateLimiterFactory = localRateLimiters,
  ) {
    this.limiter = limits('comments', 1, 20);
  }

  /**
   * One page of the document's threads in document order. Only the page's
   * comments are read (the cap below keeps the thread rows themselves bounded):
   * 20 000 comments once made every list request read all of them, for 20 s.
   */
  async listThreads(
    docId: string,
    viewer: User,
    filter: ThreadFilter,
    page: ThreadPage,
  ): Promise<{ threads: ThreadJson[]; nextCursor: string | null }> {
    const [threads, mine, positions] = await Promise.all([
      this.stores.comments.listThreads(docId),
      filter.mine ? this.stores.comments.threadIdsCommentedBy(docId, viewer.id) : new Set<string>(),
      this.positions(docId),
    ]);
    const selected = inDocumentOrder(
      threads.filter(
        (t) =>
          (filter.status === 'all' || t.status === filter.status) &&
          (filter.blockId === undefined || t.blockId === filter.blockId) &&
          (!filter.mine || t.createdBy === viewer.id || mine.has(t.id)),
      ),
      positions,
    );
    let start = 0;
    if (page.cursor !== undefined) {
      const at = selected.findIndex((t) => t.id === page.cursor);
      if (at === -1) throw new DomainError('bad_request', 'cursor does not name a thread of this list; start again without it');
      start = at + 1;
    }
    const slice = selected.slice(start, start + page.limit);
    const comments = await this.stores.comments.listThreadComments(
      docId,
      slice.map((t) => t.id),
    );
    const rendered = await this.render(slice, commentsByThread(comments), positions);
    return { threads: rendered, nextCursor: start + page.limit < selected.length ? slice[slice.length - 1]!.id : null };
  }

  /** One thread with its comments; undefined when the document has no such thread. */
  async getThread(docId: string, threadId: string): Promise<ThreadJson | undefined> {
    const thread = await this.stores.comments.getThread(docId, threadId);
    return thread ? this.render1(thread) : undefined;
  }

  async createThread(docId: string, actor: Actor, input: NewThreadInput): Promise<ThreadJson> {
    this.mayComment(actor);
    const text = checkCommentText(input.text);
    const quote = typeof input.quote === 'string' && input.quote.trim() !== '' ? input.quote : null;
    if (quote !== null && quote.length > MAX_QUOTE_LENGTH)
      throw new DomainError('bad_request', `quote must be at most ${MAX_QUOTE_LENGTH} characters`);
    await this.takeToken(actor);
    const { view } = await this.consensus.view(docId);
    await this.roomForOneMore(docId);
    const block = view.byId.get(input.blockId)?.block;
    if (!block) throw new DomainError('not_found', 'no paragraph with this id in the document');
    if (quote !== null && !block.text.includes(quote)) {
      throw new DomainError('conflict', 'the quoted text is not in the paragraph (it may have just changed)', { text: block.text });
    }
    const at = this.now().toISOString();
    const thread: StoredThread = {
      id: newId('t'),
      docId,
      blockId: input.blockId,
      quote,
      anchorText: block.text,
      createdBy: actor.user.id,
      createdAt: at,
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
    };
    const comment = this.newComment(docId, thread.id, actor, text, at);
    await this.stores.comments.createThread(
      thread,
      comment,
      this.audit(docId, actor, 'comment.created', thread.blockId, at, { threadId: thread.id, commentId: comment.id, text, quote }),
    );
    await this.bus.publish({ type: 'comment.added', docId, threadId: thread.id, commentId: comment.id, actorId: actor.user.id });
    return this.changed(thread);
  }

  async reply(docId: string, actor: Actor, threadId: string, input: unknown): Promise<ThreadJson> {
    this.mayComment(actor);
    const thread = await this.thread(docId, threadId);
    const text = checkCommentText(input);
    await this.roomForOneMore(docId);
    await this.takeToken(actor);
    const at = this.now().toISOString();
    const comment = this.newComment(docId, threadId, actor, text, at);
    await this.stores.comments.addComment(
      comment,
      this.audit(docId, actor, 'comment.created', thread.blockId, at, { threadId, commentId: comment.id, text }),
    );
    await this.bus.publish({ type: 'comment.added', docId, threadId, commentId: comment.id, actorId: actor.user.id });
    return this.changed(thread);
  }

  async editComment(docId: string, actor: Actor, commentId: string, input: unknown): Promise<ThreadJson> {
    this.mayComment(actor);
    const existing = await this.comment(docId, commentId);
    if (!mayChangeComment(actor.role, existing.authorId === actor.user.id))
      throw new DomainError('forbidden', 'you can only edit your own comments');
    if (existing.deletedAt !== null) throw new DomainError('conflict', 'this comment was deleted');
    const text = checkCommentText(input);
    await this.takeToken(actor);
    const at = this.now().toISOString();
    const thread = await this.thread(docId, existing.threadId);
    const audit = this.audit(docId, actor, 'comment.edited', thread.blockId, at, {
      threadId: thread.id,
      commentId,
      text,
      previous: existing.text,
    });
    if (!(await this.stores.comments.editComment(docId, commentId, text, at, audit)))
      throw new DomainError('conflict', 'this comment was deleted');
    await this.bus.publish({
      type: 'comment.edited',
      docId,
      threadId: thread.id,
      commentId,
      actorId: actor.user.id,
      previousText: existing.text,
    });
    return this.changed(thread);
  }

  /** Soft delete: the comment keeps its place in the thread as "comment deleted". Deleting twice is a no-op. */
  async deleteComment(docId: string, actor: Actor, commentId: string): Promise<ThreadJson> {
    this.mayComment(actor);
    const existing = await this.comment(docId, commentId);
    if (!mayChangeComment(actor.role, existing.authorId === actor.user.id))
      throw new DomainError('forbidden', 'you can only delete your own comments');
    const thread = await this.thread(docId, existing.threadId);
    if (existing.deletedAt !== null) return this.render1(thread);
    await this.takeToken(actor);
    const at = this.now().toISOString();
    await this.stores.comments.deleteComment(
      docId,
      commentId,
      at,
      this.audit(docId, actor, 'comment.deleted', thread.blockId, at, { threadId: thread.id, commentId }),
    );
    return this.changed(thread);
  }

  /** Resolves or reopens. Setting the status it already has changes and records nothing. */
  async setStatus(docId: string, actor: Actor, threadId: string, status: StoredThread['status']): Promise<ThreadJson> {
    const thread = await this.thread(docId, threadId);
    if (!mayResolveThread(actor.role, thread.createdBy === actor.user.id)) {
      throw new DomainError(
        'forbidden',
        `only the author or whoever started the thread can ${status === 'resolved' ? 'resolve' : 'reopen'} it`,
      );
    }
    if (thread.status === status) return this.render1(thread);
    await this.takeToken(actor);
    const at = this.now().toISOString();
    const audit = this.audit(docId, actor, status === 'resolved' ? 'thread.resolved' : 'thread.reopened', thread.blockId, at, { threadId });
    const updated = await this.stores.comments.setThreadStatus(docId, threadId, status, actor.user.id, at, audit);
    if (!updated) throw new DomainError('not_found', 'no such thread');
    return this.changed(updated);
  }

  /** Open threads of the document by block id (for the synthesis page), rendered against `positions`. */
  async openThreadsByBlock(docId: string, positions: BlockPositions): Promise<Map<string, ThreadJson[]>> {
    const open = (await this.stores.comments.listThreads(docId)).filter((t) => t.status === 'open');
    const comments = await this.stores.comments.listThreadComments(
      docId,
      open.map((t) => t.id),
    );
    const rendered = await this.render(open, commentsByThread(comments), positions);
    const map = new Map<string, ThreadJson[]>();
    for (const t of rendered) map.set(t.blockId, [...(map.get(t.blockId) ?? []), t]);
    return map;
  }

  // --- helpers -------------------------------------------------------------

  private mayComment(actor: Actor): void {
    if (!can(actor.role, 'comment')) throw new DomainError('forbidden', `your role (${actor.role}) can read comments but not write them`);
  }

  /** Refuses a new comment once the document holds MAX_COMMENTS_PER_DOCUMENT (edits and deletions stay possible). */
  private async roomForOneMore(docId: string): Promise<void> {
    if ((await this.stores.comments.countComments(docId)) >= MAX_COMMENTS_PER_DOCUMENT) {
      throw new DomainError(
        'conflict',
        `this document has reached its limit of ${MAX_COMMENTS_PER_DOCUMENT} comments; resolve and discuss in existing threads`,
        { limit: MAX_COMMENTS_PER_DOCUMENT },
      );
    }
  }

  private async takeToken(actor: Actor): Promise<void> {
    const waitMs = await this.limiter.take(actor.user.id);
    if (waitMs > 0) throw rateLimited('too many comments at once; slow down', waitMs / 1000);
  }

  private async thread(docId: string, threadId: string): Promise<StoredThread> {
    const thread = await this.stores.comments.getThread(docId, threadId);
    if (!thread) throw new DomainError('not_found', 'no such thread');
    return thread;
  }

  private async comment(docId: string, commentId: string): Promise<StoredComment> {
    const comment = await this.stores.comments.getComment(docId, commentId);
    if (!comment) throw new DomainError('not_found', 'no such comment');
    return comment;
  }

  private async threadComments(docId: string, threadId: string): Promise<StoredComment[]> {
    return this.stores.comments.listThreadComments(docId, [threadId]);
  }

  private newComment(docId: string, threadId: string, actor: Actor, text: string, at: string): StoredComment {
    return { id: newId('c'), threadId, docId, authorId: actor.user.id, text, createdAt: at, editedAt: null, deletedAt: null };
  }

  /** The audit entry a change records; the store writes it in the change's transaction. */
  private audit(
    docId: string,
    actor: Actor,
    action: AuditEntry['action'],
    blockId: string,
    at: string,
    details: Record<string, unknown>,
  ): NewAuditEntry {
    return { docId, at, actorId: actor.user.id, action, blockId, details };
  }

  /** Tells connected clients, then returns the thread as it is now. */
  private async changed(thread: StoredThread): Promise<ThreadJson> {
    await this.bus.publish({ type: 'thread.changed', docId: thread.docId, threadId: thread.id, blockId: thread.blockId });
    return this.render1((await this.stores.comments.getThread(thread.docId, thread.id)) ?? thread);
  }

  private async render1(thread: StoredThread): Promise<ThreadJson> {
    const [comments, positions] = await Promise.all([this.threadComments(thread.docId, thread.id), this.positions(thread.docId)]);
    const [json] = await this.render([thread], new Map([[thread.id, comments]]), positions);
    return json!;
  }

  private async render(threads: StoredThread[], byThread: Map<string, StoredComment[]>, positions: BlockPositions): Promise<ThreadJson[]> {
    const ids = threads.flatMap((t) => [
      t.createdBy,
      ...(t.resolvedBy ? [t.resolvedBy] : []),
      ...(byThread.get(t.id) ?? []).map((c) => c.authorId),
    ]);
    const person = await peopleById(this.stores.accounts, ids);
    const members = threads.length > 0 ? await mentionableMembers(this.stores, threads[0]!.docId) : [];
    const mentionsOf = (text: string) =>
      [...findMentions(text, members)].map((userId) => ({ userId, name: members.find((m) => m.userId === userId)!.name }));
    return threads.map((t) => threadJson(t, byThread.get(t.id) ?? [], positions, person, mentionsOf));
  }

  private async positions(docId: string): Promise<BlockPositions> {
    return blockPositions((await this.consensus.view(docId)).view);
  }
}
