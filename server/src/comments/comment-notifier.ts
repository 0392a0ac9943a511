/**
 * Who hears about a comment: members it mentions (`mention`), and whoever started
 * or took part in the thread (`reply`) — never the comment's own author, and one
 * notification per person per comment (a mention wins over a reply).
 */
import type { Stores, StoredComment, StoredThread, User } from '../store/types.js';
import type { NewNotification, NotificationService } from '../notifications/notification-service.js';
import { findMentions, type Mentionable } from '../notifications/mentions.js';
import { snippet } from './comment-text.js';

export class CommentNotifier {
  constructor(
    private readonly stores: Stores,
    private readonly notifications: NotificationService,
  ) {}

  /** `earlier`: the thread's comments before this one (empty for a new thread). */
  async commentAdded(thread: StoredThread, comment: StoredComment, actor: User, earlier: readonly StoredComment[]): Promise<void> {
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
  async commentEdited(thread: StoredThread, before: StoredComment, after: StoredComment, actor: User): Promise<void> {
    const members = await this.mentionable(thread.docId);
    const already = findMentions(before.text, members);
    const now = [...findMentions(after.text, members)].filter((id) => !already.has(id));
    await this.notifications.notify(now.map((userId) => this.mention(thread, after, actor, userId)));
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

/** The document's members, as mentions see them. */
export async function mentionableMembers(stores: Stores, docId: string): Promise<Mentionable[]> {
  const members = await stores.members.listMembers(docId);
  const users = await Promise.all(members.map((m) => stores.accounts.getUser(m.userId)));
  return users.flatMap((u) => (u ? [{ userId: u.id, name: u.name, email: u.email }] : []));
}
