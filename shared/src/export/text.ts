/** Text helpers shared by every renderer: cleaning, plain text, canonical text, labels. */
import type { AgreementNode, InlineNode } from './doc-model.js';
import { assertNever } from './doc-model.js';

// C0 controls except tab and newline, DEL, lone surrogates, and the two non-characters XML forbids.
const UNSAFE_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Cheap first test: any candidate at all (surrogates included, paired or not).
const MAYBE_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Removes characters no output format can carry (XML forbids them, browsers mangle them). */
export function cleanText(text: string): string {
  if (!MAYBE_UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_CHARS, (c) => (c >= '\uD800' && c <= '\uDFFF' ? '\uFFFD' : ''));
}

/** Inline text; footnotes are left out unless `withNotes` (then each is `[^` + its text + `]`). */
export function inlinePlainText(content: readonly InlineNode[] | undefined, withNotes = false): string {
  let out = '';
  for (const node of content ?? []) {
    switch (node.type) {
      case 'text':
        out += node.text;
        break;
      case 'hardBreak':
        out += '\n';
        break;
      case 'footnote':
        if (withNotes) out += `[^${inlinePlainText(node.content)}]`;
        break;
      default:
        assertNever(node, 'inline node');
    }
  }
  return out;
}

/**
 * The plain text of a unit of agreement: a paragraph's or heading's text; a
 * table's rows, one per line, cells separated by tabs; a figure's alt text, a
 * line break and its caption. Footnotes as in `inlinePlainText`.
 */
export function blockPlainText(node: AgreementNode, withNotes = false): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inlinePlainText(node.content, withNotes);
    case 'table':
      return node.content
        .map((row) => (row.content ?? []).map((cell) => inlinePlainText(cell.content, withNotes).replace(/[\t\n]/g, ' ')).join('\t'))
        .join('\n');
    case 'figure':
      return `${node.attrs.alt}\n${inlinePlainText(node.content, withNotes)}`;
    default:
      return assertNever(node, 'block');
  }
}

/**
 * The canonical text of a block, as hashed in the manifest: `blockPlainText`
 * with footnotes, control characters removed, Unicode NFC. Marks, ids and
 * heading levels are not part of it (the manifest lists type and level apart).
 */
export function canonicalBlockText(node: AgreementNode): string {
  return cleanText(blockPlainText(node, true)).normalize('NFC');
}

export function excerpt(text: string, max = 90): string {
  // Only the head matters; collapsing whitespace can shrink it, hence the margin.
  const flat = cleanText(text.slice(0, max * 4))
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

const UTC_ISO = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?Z$/;

/** `2025-03-01T14:05:09Z` → `2025-03-01 14:05 UTC`; anything unparsable is returned as given. */
export function formatTimestamp(at: string): string {
  // Fast path for the usual UTC form; anything else goes through Date.
  if (UTC_ISO.test(at)) return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
  const time = Date.parse(at);
  if (!Number.isFinite(time)) return cleanText(at);
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A file-name-safe slug of the title (ASCII letters, digits, hyphens). */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'report';
}
