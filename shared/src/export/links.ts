/**
 * The one link policy of Concord (the editor, imports, comments and every
 * export): only http(s) and mailto addresses are links; anything else
 * (javascript:, data:, relative paths, obfuscated schemes, and in-page `#anchor`
 * links) is plain text.
 *
 * In-page anchors are text because nothing keeps their targets: a document's
 * blocks have no names a writer can link to, an imported file's anchors are
 * dropped with it (import-links.ts), and an exported `#section` link would point
 * nowhere. The links an export makes itself (footnote references and back-links,
 * the table of contents) are written by the renderers, not taken from the text.
 */
const SAFE_HREF = /^(?:https?:\/\/[^\s]|mailto:[^\s])/i;
const HAS_UNSAFE_CHAR = /[\u0000-\u0020\u007F<>"`\\]/;

export function safeHref(href: string | null | undefined): string | null {
  if (typeof href !== 'string') return null;
  const trimmed = href.trim();
  if (!SAFE_HREF.test(trimmed) || HAS_UNSAFE_CHAR.test(trimmed)) return null;
  return trimmed;
}
