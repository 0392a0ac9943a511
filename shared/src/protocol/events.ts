/**
 * Events: what happened on the server (published on its event bus, see
 * server/src/events/event-bus.ts) and the part of it that reaches clients as a
 * Concord `event` message (documented in docs/PROTOCOL.md, "Document events").
 *
 * A service publishes a `ConcordEvent` after its change is committed; the sync
 * layer turns the ones `liveEventOf` maps into socket messages, notifications and
 * other features subscribe to what they need. Adding an event: add it to
 * `ConcordEvent`, decide in `liveEventOf` who hears it, document the wire shape.
 */
import type { ConsensusRule } from '../consensus/rules.js';
import type { Stance } from '../consensus/status.js';
import type { Capability, Role } from './roles.js';
import type { EmailMode } from '../api/round-requests.js';

/** Someone as clients see them; a deleted account shows as "(former member)". */
export interface Person {
  userId: string;
  name: string;
}

/** A vote as clients see it. */
export interface VoteJson {
  userId: string;
  name: string;
  stance: Stance;
  reason: string | null;
  at: string;
  /** Fingerprint of the text the vote was cast on. */
  fingerprint: string;
  /** The block's text when the vote was cast. */
  votedText: string;
}

export type NotificationKind = 'mention' | 'reply' | 'review_requested' | 'agreement_stale' | 'block_deleted';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['mention', 'reply', 'review_requested', 'agreement_stale', 'block_deleted'];

/** A notification as clients see it. */
export interface NotificationJson {
  id: string;
  kind: NotificationKind;
  docId: string;
  docTitle: string;
  blockId: string | null;
  threadId: string | null;
  actor: Person | null;
  /** Short plain-text summary; render as text. */
  text: string;
  createdAt: string;
  read: boolean;
}

/** What a round asks of one commissioner: how many blocks, and the first of them (for a link straight to it). */
export interface RoundPending {
  userId: string;
  left: number;
  firstBlockId: string | null;
}

/** What subscribers (email) need to say about a round. */
export interface RoundAnnouncement {
  deadline: string;
  message: string;
  /** Titles of the headings it names; [] for the whole document. */
  sectionTitles: string[];
  openedBy: Person;
}

/** What every Concord client of one document hears (the wire payload). */
export type DocLiveEvent =
  | { type: 'vote.changed'; blockId: string; userId: string; vote: VoteJson | null }
  | { type: 'rule.changed'; rule: ConsensusRule }
  | { type: 'members.changed' }
  | { type: 'comment.changed'; threadId: string; blockId: string }
  | { type: 'doc.renamed'; title: string }
  /** `proposal` is the proposal as GET /api/docs/:id/proposals/:pid returns it (docs/PROTOCOL.md, "Proposals"). */
  | { type: 'proposal.changed'; proposalId: string; blockId: string; proposal: unknown }
  /** A review round was opened or closed: fetch GET /api/docs/:id/rounds again. */
  | { type: 'round.changed'; roundId: string; state: 'open' | 'closed' }
  /** `version` is the version as GET /api/docs/:id/versions lists it (docs/PROTOCOL.md, "Versions"). */
  | { type: 'version.created'; version: unknown };

/** What one person hears, on every Concord socket they have open, whatever the document. */
export type UserLiveEvent =
  | { type: 'notification'; notification: NotificationJson; unread: number }
  | { type: 'notifications.read'; unread: number }
  /** A notification no longer holds (the deleted paragraph is back): it is gone from the list. */
  | { type: 'notification.withdrawn'; id: string; unread: number }
  /** They changed their email preference for a document (in another tab, or with an email's unsubscribe link). */
  | { type: 'email.changed'; docId: string; email: EmailMode };

export type LiveEvent = DocLiveEvent | UserLiveEvent;
export type LiveEventType = LiveEvent['type'];

/** Everything a service announces on the bus. Each carries what its subscribers need, already committed. */
export type ConcordEvent =
  | { type: 'vote.changed'; docId: string; blockId: string; userId: string; vote: VoteJson | null }
  | { type: 'rule.changed'; docId: string; rule: ConsensusRule }
  /** Someone was added (previousRole null), changed role, or removed (role null). Same role: re-announced only. */
  | { type: 'member.changed'; docId: string; userId: string; role: Role | null; previousRole: Role | null }
  /** An invitation of an email with no account was made, changed or revoked (members' changes are member.changed). */
  | { type: 'invitation.changed'; docId: string }
  /** A comment was written (a new thread's first comment, or a reply). */
  | { type: 'comment.added'; docId: string; threadId: string; commentId: string; actorId: string }
  /** A comment's text was edited; `previousText` is what it said before. */
  | { type: 'comment.edited'; docId: string; threadId: string; commentId: string; actorId: string; previousText: string }
  /** Anything about a thread changed (new comment, edit, delete, resolved, reopened). */
  | { type: 'thread.changed'; docId: string; threadId: string; blockId: string }
  | { type: 'doc.renamed'; docId: string; title: string }
  | { type: 'proposal.changed'; docId: string; proposalId: string; blockId: string; proposal: unknown }
  /** A review round was opened (committed and audited); `pending`: each commissioner's blocks to review. */
  | { type: 'round.opened'; docId: string; roundId: string; actorId: string; round: RoundAnnouncement; pending: RoundPending[] }
  /** A review round closed, by its deadline (actorId null) or by hand. */
  | { type: 'round.closed'; docId: string; roundId: string; actorId: string | null }
  /** A round's reminder is due: these commissioners still have blocks to review. Not live. */
  | { type: 'round.reminder'; docId: string; roundId: string; round: RoundAnnouncement; pending: RoundPending[] }
  /** A version was stored (named, a checkpoint, a restore). */
  | { type: 'version.created'; docId: string; version: unknown }
  /** The document is being deleted: live copies are dropped before its rows go. */
  | { type: 'doc.deleted'; docId: string }
  | { type: 'notification.added'; userId: string; notification: NotificationJson; unread: number }
  | { type: 'notifications.read'; userId: string; unread: number }
  | { type: 'notification.withdrawn'; userId: string; notificationId: string; unread: number }
  /** A member's email preference for a document changed (committed and audited). */
  | { type: 'email.changed'; userId: string; docId: string; email: EmailMode }
  /** One session ended (signed out, expired, revoked elsewhere): its sockets close. Only the token's hash travels. */
  | { type: 'session.ended'; tokenHash: string }
  /** Every session of an account ended (password changed or reset). */
  | { type: 'user.sessions.ended'; userId: string };

export type ConcordEventType = ConcordEvent['type'];
export type EventOf<T extends ConcordEventType> = Extract<ConcordEvent, { type: T }>;

/** Who hears an event live: everyone on a document, or one person everywhere. */
export type LiveDelivery =
  { docId: string; userId?: undefined; event: DocLiveEvent } | { userId: string; docId?: undefined; event: UserLiveEvent };

/** The socket message an event becomes, if any. The one place the bus meets the wire format. */
export function liveEventOf(e: ConcordEvent): LiveDelivery | undefined {
  switch (e.type) {
    case 'vote.changed':
      return { docId: e.docId, event: { type: 'vote.changed', blockId: e.blockId, userId: e.userId, vote: e.vote } };
    case 'rule.changed':
      return { docId: e.docId, event: { type: 'rule.changed', rule: e.rule } };
    case 'member.changed':
    case 'invitation.changed':
      return { docId: e.docId, event: { type: 'members.changed' } };
    case 'thread.changed':
      return { docId: e.docId, event: { type: 'comment.changed', threadId: e.threadId, blockId: e.blockId } };
    case 'doc.renamed':
      return { docId: e.docId, event: { type: 'doc.renamed', title: e.title } };
    case 'proposal.changed':
      return { docId: e.docId, event: { type: 'proposal.changed', proposalId: e.proposalId, blockId: e.blockId, proposal: e.proposal } };
    case 'round.opened':
      return { docId: e.docId, event: { type: 'round.changed', roundId: e.roundId, state: 'open' } };
    case 'round.closed':
      return { docId: e.docId, event: { type: 'round.changed', roundId: e.roundId, state: 'closed' } };
    case 'version.created':
      return { docId: e.docId, event: { type: 'version.created', version: e.version } };
    case 'notification.added':
      return { userId: e.userId, event: { type: 'notification', notification: e.notification, unread: e.unread } };
    case 'notifications.read':
      return { userId: e.userId, event: { type: 'notifications.read', unread: e.unread } };
    case 'notification.withdrawn':
      return { userId: e.userId, event: { type: 'notification.withdrawn', id: e.notificationId, unread: e.unread } };
    case 'email.changed':
      return { userId: e.userId, event: { type: 'email.changed', docId: e.docId, email: e.email } };
    case 'comment.added':
    case 'comment.edited':
    case 'round.reminder':
    case 'doc.deleted':
    case 'session.ended':
    case 'user.sessions.ended':
      return undefined;
  }
}

/** The `welcome` message a Concord socket receives once authorised. */
export interface Welcome {
  userId: string;
  name: string;
  color: string;
  role: Role;
  /** What that role may do on this document (clients never derive it from the role). */
  capabilities: Capability[];
  /** CONCORD_PROTOCOL_VERSION of the server; a client built for another version asks for a reload. */
  protocolVersion: number;
}
