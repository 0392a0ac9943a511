/**
 * CommonMark escaping that escapes only what would otherwise be read as
 * syntax, so `&`, quotes, `snake_case`, `a * b` and footnote markers like
 * `[133]` stay as written. Text is escaped piece by piece; at a piece boundary
 * the neighbouring character is unknown (a delimiter may follow), so the rules
 * there are conservative.
 */

const WHITESPACE = /[\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const ALNUM = /[\p{L}\p{N}]/u;
const ENTITY_LIKE = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/;

export const isWhitespace = (c: string | null): boolean => c === null || WHITESPACE.test(c);
export const isPunctuation = (c: string | null): boolean => c !== null && PUNCTUATION.test(c);

/** Escapes inline text. `inLinkText`: brackets must all be escaped inside `[…]`. */
const MAYBE_SPECIAL = /[\\*_`~[\]<&]/;

export function escapeInline(text: string, inLinkText: boolean): string {
  if (!MAYBE_SPECIAL.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const prev = i > 0 ? text[i - 1] : null;
    const next = i + 1 < text.length ? text[i + 1] : null;
    if (mustEscape(c, prev, next, text, i, inLinkText)) out += '\\';
    out += c;
  }
  return out;
}

function mustEscape(c: string, prev: string | null, next: string | null, text: string, i: number, inLinkText: boolean): boolean {
  switch (c) {
    case '\\':
      // Before whitespace too: a line-edge space may become `&#32;`, and `\&` would escape it.
      return next === null || ASCII_PUNCTUATION.test(next) || WHITESPACE.test(next);
    case '*':
      return !(prev !== null && next !== null && WHITESPACE.test(prev) && WHITESPACE.test(next));
    case '_':
      if (prev === null || next === null) return true;
      return !((ALNUM.test(prev) && ALNUM.test(next)) || (WHITESPACE.test(prev) && WHITESPACE.test(next)));
    case '`':
    case '~':
      return true;
    case '[':
      // `[^` would start a footnote reference.
      return inLinkText || next === '^';
    case ']':
      return inLinkText || next === null || next === '(' || next === '[' || next === ':';
    case '<':
      return next === null || /[A-Za-z/!?]/.test(next);
    case '&':
      return ENTITY_LIKE.test(text.slice(i, i + 40));
    default:
      return false;
  }
}

/**
 * Escapes what a line would start as a block construct (heading, quote, list
 * item, thematic break, setext underline, table delimiter row), and keeps
 * leading whitespace (CommonMark strips it, and four spaces start code).
 */
export function escapeLineStart(line: string, isFirstLine: boolean): string {
  if (/^[ \t]/.test(line)) return (line[0] === '\t' ? '&#9;' : '&#32;') + line.slice(1);
  if (/^#{1,6}(?:[ \t]|$)/.test(line) || line.startsWith('>')) return `\\${line}`;
  if (/^([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line)) return `\\${line}`;
  if (/^[-+*](?:[ \t]|$)/.test(line)) return `\\${line}`;
  if (!isFirstLine && /^(?:=+|-+)[ \t]*$/.test(line)) return `\\${line}`;
  const ordered = /^(\d{1,9})([.)])(?=[ \t]|$)/.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1].length)}`;
  if (!isFirstLine && line.includes('|') && /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/.test(line)) {
    return line.replace(/\|/g, '\\|');
  }
  return line;
}

/** Keeps trailing whitespace of a block's last line (CommonMark strips it). */
export function escapeLineEnd(line: string): string {
  return /[ \t]$/.test(line) ? line.slice(0, -1) + (line.endsWith('\t') ? '&#9;' : '&#32;') : line;
}

/** A link destination: parentheses, backslashes and entity-like `&` escaped. */
export function escapeDestination(href: string): string {
  let out = '';
  for (let i = 0; i < href.length; i++) {
    const c = href[i];
    if (c === '(' || c === ')' || c === '\\' || (c === '&' && ENTITY_LIKE.test(href.slice(i, i + 40)))) out += '\\';
    out += c;
  }
  return out;
}

/** Delimiter rules of CommonMark (`_`) and of `*`/`~` (markdown-it strikethrough follows `*`). */
export function canOpen(delimiter: string, prev: string | null, next: string | null): boolean {
  const left = leftFlanking(prev, next);
  if (delimiter[0] !== '_') return left;
  return left && (!rightFlanking(prev, next) || isPunctuation(prev));
}

export function canClose(delimiter: string, prev: string | null, next: string | null): boolean {
  const right = rightFlanking(prev, next);
  if (delimiter[0] !== '_') return right;
  return right && (!leftFlanking(prev, next) || isPunctuation(next));
}

function leftFlanking(prev: string | null, next: string | null): boolean {
  return !isWhitespace(next) && (!isPunctuation(next) || isWhitespace(prev) || isPunctuation(prev));
}

function rightFlanking(prev: string | null, next: string | null): boolean {
  return !isWhitespace(prev) && (!isPunctuation(prev) || isWhitespace(next) || isPunctuation(next));
}
