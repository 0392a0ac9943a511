/**
 * What is emailed, and to whom: subscribes to the bus (review rounds opened and
 * their reminders, and every in-app notification: mentions, replies, re-review
 * requests, agreements gone stale, deleted paragraphs) and queues one email per
 * recipient and event. Only members are ever queued (MailService checks), and
 * the only document text an email carries is the short quote the in-app
 * notification already shows them.
 */
import type { EventBus } from '../events/event-bus.js';
import type { EventOf, NotificationKind } from '@concord/shared';
import type { Stores } from '../store/types.js';
import { readableDeadline } from './mail-render.js';
import type { MailService, QueuedMail } from './mail-service.js';

const SUBJECTS: Record<NotificationKind, string> = {
  mention: 'You were mentioned',
  reply: 'A reply in a thread you follow',
  review_requested: 'Please review a paragraph again',
  agreement_stale: 'A paragraph you agreed to changed',
  block_deleted: 'A paragraph you voted on was deleted',
};

const paragraphs = (n: number) => `${n} paragraph${n === 1 ? '' : 's'}`;

export class MailNotifier {
  constructor(
    private readonly stores: Stores,
    private readonly mail: MailService,
  ) {}

  subscribe(bus: EventBus): void {
    if (!this.mail.configured) return;
    bus.subscribe('round.opened', (e) => this.round(e, 'opened'), 'publisher');
    bus.subscribe('round.reminder', (e) => this.round(e, 'reminder'), 'publisher');
    bus.subscribe('notification.added', (e) => this.notification(e), 'publisher');
  }

  private async round(e: EventOf<'round.opened'> | EventOf<'round.reminder'>, what: 'opened' | 'reminder'): Promise<void> {
    const title = (await this.stores.docs.getDoc(e.docId))?.title ?? '';
    const { round } = e;
    const by = readableDeadline(round.deadline, this.mail.timeZone);
    const scope = round.sectionTitles.length > 0 ? round.sectionTitles.map((t) => `“${t}”`).join(', ') : 'the whole document';
    await this.mail.queue(
      e.pending.map((p): QueuedMail => {
        const need =
          p.left > 0
            ? `${paragraphs(p.left)} need your review by ${by}.`
            : `Nothing in it waits for you: you have reviewed all of it. It closes ${by}.`;
        const subject =
          what === 'opened'
            ? `Review round on “${title}”: ${p.left > 0 ? `${paragraphs(p.left)} need your review by ${by}` : `closes ${by}`}`
            : `Reminder: ${paragraphs(p.left)} in “${title}” still need your review by ${by}`;
        const intro =
          what === 'opened'
            ? `${round.openedBy.name} opened a review round on “${title}” covering ${scope}.`
            : `The review round on “${title}” (${scope}) closes ${by}.`;
        const first = this.mail.docUrl(e.docId, p.firstBlockId);
        return {
          userId: p.userId,
          docId: e.docId,
          kind: `round.${what}`,
          key: `round-${what}:${e.roundId}:${p.userId}`,
          subject,
          urgent: what === 'reminder',
          parts: [
            { text: intro },
            { text: need },
            ...(what === 'opened' && round.message ? [{ text: `Message from ${round.openedBy.name}: ${round.message}` }] : []),
            ...(p.firstBlockId ? [{ link: first, label: 'Go to the first paragraph waiting for you' }] : []),
            { link: this.mail.docUrl(e.docId), label: `Open “${title}”` },
          ],
          digestLine: `${what === 'opened' ? 'Review round opened' : 'Reminder'}: ${need} ${first}`,
        };
      }),
    );
  }

  private async notification(e: EventOf<'notification.added'>): Promise<void> {
    const n = e.notification;
    const link = this.mail.docUrl(n.docId, n.blockId);
    await this.mail.queue([
      {
        userId: e.userId,
        docId: n.docId,
        kind: n.kind,
        key: `notification:${n.id}`,
        subject: `${SUBJECTS[n.kind]} — “${n.docTitle}”`,
        parts: [{ text: n.text }, { link, label: n.blockId ? 'Go to the paragraph' : `Open “${n.docTitle}”` }],
        digestLine: `${n.text} ${link}`,
      },
    ]);
  }
}
