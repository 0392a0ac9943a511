/**
 * HTML escaping: the characters sanitize-html escapes (so a sanitizer pass
 * leaves our body unchanged), plus one defence in depth: text that spells a
 * script URL (`javascript:`, `vbscript:`) is broken up so the output never
 * contains one, not even as inert text a naive linkifier or scanner might pick up.
 */
const SCRIPT_SCHEME = /(javascript|vbscript)(?=:)/gi;

/** Element content. The scheme gets a `<wbr />` after it (invisible, copies as the same text). */
export function escapeText(text: string): string {
  return escapeMarkup(text).replace(SCRIPT_SCHEME, '$1<wbr />');
}

/** Raw-text contexts such as <title>, where no tag is allowed: the colon becomes a character reference. */
export function escapeTitle(text: string): string {
  return escapeMarkup(text).replace(/(javascript|vbscript):/gi, '$1&#58;');
}

export function escapeAttr(text: string): string {
  return escapeMarkup(text)
    .replace(/"/g, '&quot;')
    .replace(/(javascript|vbscript):/gi, '$1&#58;');
}

function escapeMarkup(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** An element id for a block: `b-` and the block id with anything outside [A-Za-z0-9_-] hex-encoded. */
export function blockAnchor(blockId: string): string {
  return `b-${blockId.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}
