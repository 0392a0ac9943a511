/**
 * Who a comment mentions. The rule (docs/PROTOCOL.md, "Mentions"):
 * - an `@` that starts the text or follows a character that is not a letter,
 *   digit, `_`, `.`, `+` or `-` (so "ines@example.org" inside a sentence is not one);
 * - followed, case- and accent-insensitively, by a member's display name (with or
 *   without a bracketed note such as "(author)"), full email, or the part of
 *   their email before the `@`;
 * - and then the end of the text or a character that is not a letter, digit or `_`.
 * The longest match wins ("@Ines Garcia" beats "@Ines"). Only members of the
 * document can be mentioned.
 */
import type { Stores } from '../store/types.js';
export interface Mentionable {
  userId: string;
  name: string;
  email: string;
}

const WORD_BEFORE = /[\p{L}\p{N}_.+-]/u;
const WORD_AFTER = /[\p{L}\p{N}_]/u;

/**
 * Lower case without accents, one character for one character ("Inès" → "ines"),
 * so positions in the folded text are positions in the original.
 */
export function foldForMention(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    out += base.length === ch.length ? base : ch.toLowerCase();
  }
  return out;
}

/** "Amira Haddad (author)" → "Amira Haddad": how people write a name they see with a note. */
export function nameWithoutNote(name: string): string {
  return name
    .replace(/\s*[([][^)\]]*[)\]]\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words after `@` that mention this member, folded. */
export function mentionTokens(m: Mentionable): string[] {
  const email = m.email.toLowerCase();
  const local = email.split('@')[0] ?? '';
  return [...new Set([m.name.trim(), nameWithoutNote(m.name), email, local].map(foldForMention))].filter(Boolean);
}

export function findMentions(text: string, members: readonly Mentionable[]): Set<string> {
  const tokens: { token: string; userId: string }[] = [];
  for (const m of members) for (const token of mentionTokens(m)) tokens.push({ token, userId: m.userId });
  tokens.sort((a, b) => b.token.length - a.token.length);
  text = foldForMention(text);

  const found = new Set<string>();
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && WORD_BEFORE.test(text[at - 1]!)) continue;
    const rest = text.slice(at + 1);
    const hit = tokens.find(({ token }) => rest.startsWith(token) && !WORD_AFTER.test(rest.charAt(token.length)));
    if (hit) found.add(hit.userId);
  }
  return found;
}

/** The document's members, as mentions see them. */
export async function mentionableMembers(stores: Stores, docId: string): Promise<Mentionable[]> {
  // Invited members who have not opened the document yet are not mentionable (the list does not name them).
  const members = (await stores.members.listMembers(docId)).filter((m) => !m.invitation);
  const users = await Promise.all(members.map((m) => stores.accounts.getUser(m.userId)));
  return users.flatMap((u) => (u ? [{ userId: u.id, name: u.name, email: u.email }] : []));
}
