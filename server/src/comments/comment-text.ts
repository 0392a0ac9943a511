/**
 * Comment text is plain text: trimmed, bounded, stored exactly as written and
 * never interpreted as HTML anywhere. Clients must render it as text (a text
 * node, never innerHTML); they may turn URLs into links themselves.
 */
import { DomainError } from '../domain/domain-error.js';
import { MAX_COMMENT_LENGTH, MAX_QUOTE_LENGTH, MAX_REVIEW_MESSAGE_LENGTH } from '@concord/shared';
/** Limits of the HTTP contract, declared once in @concord/shared (api/limits.ts). */
export { MAX_COMMENT_LENGTH, MAX_QUOTE_LENGTH, MAX_REVIEW_MESSAGE_LENGTH };

/** Trimmed text of 1..MAX_COMMENT_LENGTH characters, or a bad_request DomainError. */
export function checkCommentText(input: unknown): string {
  if (typeof input !== 'string') throw new DomainError('bad_request', 'text must be a string');
  const text = input.trim();
  if (text.length === 0) throw new DomainError('bad_request', 'text must not be empty');
  if (text.length > MAX_COMMENT_LENGTH) throw new DomainError('bad_request', `text must be at most ${MAX_COMMENT_LENGTH} characters`);
  return text;
}
