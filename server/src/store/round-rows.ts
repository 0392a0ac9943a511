/** A review round as both SQL backends store it (same columns), and the one mapping to the store's shape. */
import type { StoredRound } from './round-types.js';

export interface RoundRow {
  id: string;
  doc_id: string;
  created_by: string;
  created_at: string;
  deadline: string;
  message: string;
  section_ids: string | null;
  reminder_hours: number;
  state: StoredRound['state'];
  closed_at: string | null;
  closed_by: string | null;
  closed_reason: StoredRound['closedReason'];
  reminded_at: string | null;
  outcome: string | null;
}

export const toRound = (r: RoundRow): StoredRound => ({
  id: r.id,
  docId: r.doc_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  deadline: r.deadline,
  message: r.message,
  sectionIds: r.section_ids === null ? null : (JSON.parse(r.section_ids) as string[]),
  reminderHours: r.reminder_hours,
  state: r.state,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  closedReason: r.closed_reason,
  remindedAt: r.reminded_at,
  outcome: r.outcome === null ? null : (JSON.parse(r.outcome) as unknown),
});
