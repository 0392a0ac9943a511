/**
 * Who hears about a comment: members it mentions (`mention`), and whoever started
 * or took part in the thread (`reply`) — never the comment's own author, and one
 * notification per person per comment (a mention wins over a reply). Listens to
 * the comments service's events; the comments service does not know it exists.
 */
import type { EventOf } from '@concord/shared';
import type { EventBus } from '../events/event-bus.js';
import type { Stores, StoredComment, StoredThread, User } from '../store/types.js';
import type { NewNotification, NotificationService } from './notification-service.js';
import { findMentions, mentionableMembers, type Mentionable } from './mentions.js';
import { snippet } from './snippet.js';

export class CommentNotifier {
  constructor(
    private readonly stores: Stores,
    private readonly notifications: NotificationService,
  ) {}

  subscribe(bus: EventBus): void {
    bus.subscribe('comment.added', (e) => this.commentAdded(e), 'publisher');
    bus.subscribe('comment.edited', (e) => this.commentEdited(e), 'publisher');
  }

  private async commentAdded(e: EventOf<'comment.added'>): Promise<void> {
    const found = await this.load(e.docId, e.threadId, e.commentId, e.actorId);
    if (!found) return;
    const { thread, comment, actor, comments } = found;
    // The thread's comments are listed oldest first: the ones before this one took part earlier.
    const earlier = comments.slice(0, comments.indexOf(comment));
    const mentioned = findMentions(comment.text, await this.mentionable(thread.docId));
    const participants = new Set([thread.createdBy, ...earlier.map((c) => c.authorId)]);
    const list: NewNotification[] = [];
    for (const userId of mentioned) list.push(this.mention(thread, comment, actor, userId));
    for (const userId of participants) {
      if (mentioned.has(userId)) continue;
      list.push({
        ...this.base(thread, actor, userId),
        kind: 'reply',
        text: `${actor.name} replied: “${snippet(comment.text)}”`,
        dedupeKey: `reply:${comment.id}`,
      });
    }
    await this.notifications.notify(list);
  }

  /** An edit notifies only people it newly mentions. */
  private async commentEdited(e: EventOf<'comment.edited'>): Promise<void> {
    const found = await this.load(e.docId, e.threadId, e.commentId, e.actorId);
    if (!found) return;
    const { thread, comment, actor } = found;
    const members = await this.mentionable(thread.docId);
    const already = findMentions(e.previousText, members);
    const now = [...findMentions(comment.text, members)].filter((id) => !already.has(id));
    await this.notifications.notify(now.map((userId) => this.mention(thread, comment, actor, userId)));
  }

  private async load(docId: string, threadId: string, commentId: string, actorId: string) {
    const [thread, inThread, actor] = await Promise.all([
      this.stores.comments.getThread(docId, threadId),
      this.stores.comments.listThreadComments(docId, [threadId]),
      this.stores.accounts.getUser(actorId),
    ]);
    const comment = inThread.find((c) => c.id === commentId);
    if (!thread || !comment || !actor) return undefined;
    return { thread, comment, actor, comments: inThread };
  }

  private mention(thread: StoredThread, comment: StoredComment, actor: User, userId: string): NewNotification {
    return {
      ...this.base(thread, actor, userId),
      kind: 'mention',
      text: `${actor.name} mentioned you: “${snippet(comment.text)}”`,
      dedupeKey: `mention:${comment.id}`,
    };
  }

  private base(thread: StoredThread, actor: User, userId: string) {
    return { userId, docId: thread.docId, blockId: thread.blockId, threadId: thread.id, actorId: actor.id };
  }

  private mentionable(docId: string): Promise<Mentionable[]> {
    return mentionableMembers(this.stores, docId);
  }
}
