/**
 * Each member's email preference per document (docs/PROTOCOL.md, "Email"): the
 * one place that reads and changes it, from the settings dialog and from the
 * unsubscribe link of every email (which works without signing in: its token
 * is signed by the server, unsubscribe-token.ts).
 */
import type { EmailMode, NotificationSettingsJson } from '@concord/shared';
import { notFound } from '../domain/domain-error.js';
import type { Stores } from '../store/types.js';
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
    await this.stores.mail.setMode(userId, docId, email);
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
    if (doc && (await this.stores.members.roleOf(docId, userId))) await this.stores.mail.setMode(userId, docId, 'none');
    return { userId, docId, title: doc?.title ?? '' };
  }

  private async resolve(token: string) {
    const who = verifyUnsubscribe(this.mail.signingKey, token);
    return who ? { ...who, doc: await this.stores.docs.getDoc(who.docId) } : undefined;
  }
}
