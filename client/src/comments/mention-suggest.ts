/**
 * Autocomplete for @mentions: which `@query` the caret is in, which members
 * match it, and the text after choosing one. Names are inserted as people see
 * them, without bracketed notes ("Amira Haddad (author)" → "@Amira Haddad"),
 * which the server matches (docs/PROTOCOL.md, "Mentions").
 */
export interface MentionCandidate {
  userId: string;
  name: string;
  email: string;
}

export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** What follows the `@` up to the caret. */
  query: string;
}

const BEFORE_AT = /[\p{L}\p{N}_.+-]/u;
const MAX_QUERY = 40;

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function nameWithoutNote(name: string): string {
  return name
    .replace(/\s*[([][^)\]]*[)\]]\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The `@…` being typed at `caret`, if any (no line breaks, at most two spaces in it). */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const upto = text.slice(0, caret);
  const start = upto.lastIndexOf('@');
  if (start === -1 || caret - start - 1 > MAX_QUERY) return null;
  if (start > 0 && BEFORE_AT.test(upto[start - 1]!)) return null;
  const query = upto.slice(start + 1);
  if (/[\n@]/.test(query) || (query.match(/ /g)?.length ?? 0) > 2) return null;
  return { start, query };
}

/** Members whose name (any word of it) or email starts with the query; best first, at most `limit`. */
export function matchMembers(query: string, members: readonly MentionCandidate[], limit = 6): MentionCandidate[] {
  const q = fold(query.trim());
  const scored: { m: MentionCandidate; score: number }[] = [];
  for (const m of members) {
    const name = fold(nameWithoutNote(m.name));
    const email = fold(m.email);
    let score = -1;
    if (name.startsWith(q)) score = 0;
    else if (name.split(' ').some((w) => w.startsWith(q))) score = 1;
    else if (email.startsWith(q)) score = 2;
    if (score >= 0) scored.push({ m, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.m.name.localeCompare(b.m.name))
    .slice(0, limit)
    .map((s) => s.m);
}

/** The text with the query replaced by the member's name, and where the caret goes. */
export function applyMention(text: string, at: MentionQuery, member: MentionCandidate): { text: string; caret: number } {
  const inserted = `@${nameWithoutNote(member.name)} `;
  const end = at.start + 1 + at.query.length;
  const rest = text.slice(end).replace(/^ /, '');
  return { text: text.slice(0, at.start) + inserted + rest, caret: at.start + inserted.length };
}
