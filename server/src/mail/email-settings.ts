/**
 * Each member's email preference per document (docs/PROTOCOL.md, "Email"): the
 * one place that reads and changes it, from the settings dialog and from the
 * unsubscribe link of every email (which works without signing in: its token
 * is signed by the server, unsubscribe-token.ts). A change is audited
 * (`email.changed`, in the change's transaction) and announced on the bus
 * (`email.changed`: the person's other open tabs hear it).
 */
import type { EmailMode, NotificationSettingsJson } from '@concord/shared';
import { notFound } from '../domain/domain-error.js';
import type { Stores } from '../store/types.js';
import type { EventBus } from '../events/event-bus.js';
import type { MailService } from './mail-service.js';
import { verifyUnsubscribe } from './unsubscribe-token.js';

/** What an unsubscribe link names: the person, the document and its title ('' once deleted). */
interface UnsubscribeTarget {
  userId: string;
  docId: string;
  title: string;
}

export class EmailSettings {
  constructor(
    private readonly stores: Stores,
    private readonly mail: MailService,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The user's choice for every document they are a member of (the default where they never chose). */
  async of(userId: string): Promise<NotificationSettingsJson> {
    const docIds = await this.stores.members.docIdsOf(userId);
    const docs = await this.stores.docs.listDocs({ ids: docIds });
    const modes = await this.stores.mail.modes(userId);
    return {
      mail: { configured: this.mail.configured },
      settings: docs.map((d) => ({ docId: d.id, docTitle: d.title, email: modes.get(d.id) ?? this.mail.defaultMode })),
    };
  }

  /** Sets the user's choice for a document they are a member of (404 otherwise, as for every document they cannot see). */
  async set(userId: string, docId: string, email: EmailMode): Promise<void> {
    if (!(await this.stores.members.roleOf(docId, userId))) throw notFound('document not found');
    await this.change(userId, docId, email, null);
  }

  /** Who and what an unsubscribe link names; undefined when it is not a link this server signed. */
  async unsubscribeTarget(token: string): Promise<UnsubscribeTarget | undefined> {
    const found = await this.resolve(token);
    return found && { userId: found.userId, docId: found.docId, title: found.doc?.title ?? '' };
  }

  /**
   * Follows an unsubscribe link: no more email about that document. A member who
   * left, or a deleted document, gets no more email anyway: same answer, nothing stored.
   */
  async unsubscribe(token: string): Promise<UnsubscribeTarget | undefined> {
    const found = await this.resolve(token);
    if (!found) return undefined;
    const { userId, docId, doc } = found;
    if (doc && (await this.stores.members.roleOf(docId, userId))) await this.change(userId, docId, 'none', 'unsubscribe link');
    return { userId, docId, title: doc?.title ?? '' };
  }

  /** Stores the choice with its audit entry (only when it is a change), then announces it. */
  private async change(userId: string, docId: string, email: EmailMode, via: 'unsubscribe link' | null): Promise<void> {
    const previous = (await this.stores.mail.modes(userId)).get(docId) ?? this.mail.defaultMode;
    const details = { email, previousEmail: previous, ...(via ? { via } : {}) };
    const audit = { docId, at: this.now().toISOString(), actorId: userId, action: 'email.changed' as const, blockId: null, details };
    await this.stores.mail.setMode(userId, docId, email, previous === email ? undefined : audit);
    await this.bus.publish({ type: 'email.changed', userId, docId, email });
  }

  private async resolve(token: string) {
    const who = verifyUnsubscribe(this.mail.signingKey, token);
    return who ? { ...who, doc: await this.stores.docs.getDoc(who.docId) } : undefined;
  }
}
