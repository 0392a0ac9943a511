/**
 * The one link policy of every export: only http(s), mailto and in-page
 * fragments become links; anything else (javascript:, data:, relative paths,
 * obfuscated schemes) is rendered as plain text.
 */
const SAFE_HREF = /^(?:https?:\/\/[^\s]|mailto:[^\s]|#[^\s]*$)/i;
const HAS_UNSAFE_CHAR = /[\u0000-\u0020\u007F<>"`\\]/;

export function safeHref(href: string | null | undefined): string | null {
  if (typeof href !== 'string') return null;
  const trimmed = href.trim();
  if (!SAFE_HREF.test(trimmed) || HAS_UNSAFE_CHAR.test(trimmed)) return null;
  return trimmed;
}
