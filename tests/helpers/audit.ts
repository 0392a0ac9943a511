/** Reading audit logs in tests. */
import { expect } from 'vitest';

/**
 * A document created through the API or the CLI begins its audit log with its
 * creation: `doc.created`, then its author's `member.added` (DocumentService).
 * What a test did comes after them: this checks they are there and returns the rest.
 */
export function afterCreation<T extends { action: string }>(entries: readonly T[]): T[] {
  expect(entries.slice(0, 2).map((e) => e.action)).toEqual(['doc.created', 'member.added']);
  return entries.slice(2);
}
