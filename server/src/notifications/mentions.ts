/**
 * Who a comment mentions. The rule (docs/PROTOCOL.md, "Mentions"):
 * - an `@` that starts the text or follows a character that is not a letter,
 *   digit, `_`, `.`, `+` or `-` (so "ines@example.org" inside a sentence is not one);
 * - followed, case-insensitively, by a member's display name, full email, or the
 *   part of their email before the `@`;
 * - and then the end of the text or a character that is not a letter, digit or `_`.
 * The longest match wins ("@Ines Garcia" beats "@Ines"). Only members of the
 * document can be mentioned.
 */
export interface Mentionable {
  userId: string;
  name: string;
  email: string;
}

const WORD_BEFORE = /[\p{L}\p{N}_.+-]/u;
const WORD_AFTER = /[\p{L}\p{N}_]/u;

export function findMentions(text: string, members: readonly Mentionable[]): Set<string> {
  const tokens: { token: string; userId: string }[] = [];
  for (const m of members) {
    const email = m.email.toLowerCase();
    const local = email.split('@')[0] ?? '';
    for (const token of new Set([m.name.trim().toLowerCase(), email, local])) if (token) tokens.push({ token, userId: m.userId });
  }
  tokens.sort((a, b) => b.token.length - a.token.length);

  const found = new Set<string>();
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && WORD_BEFORE.test(text[at - 1]!)) continue;
    const rest = text.slice(at + 1);
    const hit = tokens.find(({ token }) => rest.slice(0, token.length).toLowerCase() === token && !WORD_AFTER.test(rest.charAt(token.length)));
    if (hit) found.add(hit.userId);
  }
  return found;
}
