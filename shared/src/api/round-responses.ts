/** What the server answers about review rounds and email settings (docs/PROTOCOL.md). */
import type { BlockStatus } from '../consensus/status.js';
import type { Person } from '../protocol/events.js';
import type { EmailMode } from './round-requests.js';

/** One section of a round: a heading and what lies under it. */
export interface RoundSectionJson {
  headingId: string | null;
  title: string;
  /** Blocks (paragraphs and headings with ids) in it. */
  blocks: number;
}

/** One commissioner's progress in a round. */
export interface RoundReviewerJson extends Person {
  /** Blocks in the round still waiting for this person's vote on their current wording. */
  left: number;
  /** Aligned with the round's `sections`. */
  leftBySection: number[];
  done: boolean;
}

/** How a closed round ended: kept as it was at closing, whatever happens to the document after. */
export interface RoundOutcomeJson {
  closedAt: string;
  sections: RoundSectionJson[];
  blocks: number;
  agreed: number;
  disputed: number;
  inReview: number;
  unreviewed: number;
  reviewers: RoundReviewerJson[];
  /** Per block: its status at closing and who agreed, disputed, or had not reviewed it. */
  blockOutcomes: {
    blockId: string;
    sectionId: string | null;
    status: BlockStatus;
    agreed: string[];
    disputed: string[];
    notReviewed: string[];
  }[];
}

export interface RoundJson {
  id: string;
  docId: string;
  message: string;
  deadline: string;
  /** Heading ids the round names; null for the whole document. */
  sectionIds: string[] | null;
  reminderHours: number;
  openedBy: Person;
  openedAt: string;
  state: 'open' | 'closed';
  closedAt: string | null;
  /** null while open; null too when closed by its deadline. */
  closedBy: Person | null;
  closedReason: 'deadline' | 'closed' | null;
  remindedAt: string | null;
  sections: RoundSectionJson[];
  /** Open: live progress per commissioner. Closed: as it stood at closing. */
  reviewers: RoundReviewerJson[];
  /** The caller's own part, when they are a commissioner of the document. */
  mine: { left: number; total: number } | null;
  /** Closed rounds only. */
  outcome: RoundOutcomeJson | null;
}

/** A short form for lists: without per-block outcome. */
export type RoundSummaryJson = Omit<RoundJson, 'outcome'>;

/** Whether this server sends email; the author's UI says so when it does not. */
export interface MailStatusJson {
  configured: boolean;
}

/** An email that could not be delivered (shown to those who manage the document). */
export interface MailFailureJson {
  recipient: Person;
  subject: string;
  error: string;
  at: string;
}

/** GET /api/docs/:id/rounds. */
export interface RoundsJson {
  rounds: RoundSummaryJson[];
  mail: MailStatusJson;
  /** Managers only (else []): emails about this document that could not be delivered. */
  mailFailures: MailFailureJson[];
}

export interface OneRoundJson {
  round: RoundJson;
  mail: MailStatusJson;
}

/** GET/PUT /api/me/notification-settings. */
export interface NotificationSettingsJson {
  mail: MailStatusJson;
  settings: { docId: string; docTitle: string; email: EmailMode }[];
}
