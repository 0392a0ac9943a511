/**
 * Splits plain comment text into text and http(s) links, so it can be shown
 * with React text nodes and `<a>` elements only. Nothing here ever produces
 * markup: a `javascript:` or `data:` "link" stays ordinary text. Every link
 * passes the one link policy of the exports too (`safeHref`, @concord/shared).
 */
import { safeHref } from '@concord/shared';

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** `http://` or `https://` up to whitespace or characters that never belong in a bare URL. */
const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that usually ends the sentence, not the URL. */
const TRAILING = /[.,;:!?'")\]}>]+$/;

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const start = match.index ?? 0;
    const url = trimTrailing(match[0]);
    const href = safeHref(url);
    if (!href) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Drops trailing punctuation, keeping a closing bracket that has its opening one in the URL. */
function trimTrailing(url: string): string {
  let result = url;
  for (;;) {
    const trailing = TRAILING.exec(result);
    if (!trailing) return result;
    const last = result[result.length - 1]!;
    if (last === ')' && count(result, '(') >= count(result, ')')) return result;
    result = result.slice(0, -1);
  }
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}
