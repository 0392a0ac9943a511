/** Review rounds (issue 19): what is stored, and the store's interface. */
import type { NewAuditEntry } from './audit-types.js';

export interface StoredRound {
  id: string;
  docId: string;
  createdBy: string;
  createdAt: string;
  /** ISO instant (UTC). */
  deadline: string;
  message: string;
  /** Heading ids; null for the whole document. */
  sectionIds: string[] | null;
  /** Hours before the deadline the reminder goes out; 0 for none. */
  reminderHours: number;
  state: 'open' | 'closed';
  closedAt: string | null;
  /** null when the deadline closed it. */
  closedBy: string | null;
  closedReason: 'deadline' | 'closed' | null;
  remindedAt: string | null;
  /** The outcome as computed at closing (RoundOutcomeJson), kept whatever happens to the document after. */
  outcome: unknown;
}

export interface RoundClosing {
  closedAt: string;
  closedBy: string | null;
  closedReason: 'deadline' | 'closed';
  outcome: unknown;
}

export interface RoundStore {
  /** Stores an open round and its audit entry together. StoreError not_found for an unknown document. */
  create(round: StoredRound, audit: NewAuditEntry): Promise<void>;
  get(docId: string, roundId: string): Promise<StoredRound | undefined>;
  /** One document's rounds, newest first. */
  list(docId: string): Promise<StoredRound[]>;
  /** Every document's open rounds, nearest deadline first (the deadline and reminder check). */
  listOpen(): Promise<StoredRound[]>;
  /** Closes an open round with its outcome and audit entry, together; undefined (nothing written) when it is not open. */
  close(docId: string, roundId: string, closing: RoundClosing, audit: NewAuditEntry): Promise<StoredRound | undefined>;
  /** Records that the reminder went out; false when it already had (or the round is closed). */
  markReminded(docId: string, roundId: string, at: string): Promise<boolean>;
}
