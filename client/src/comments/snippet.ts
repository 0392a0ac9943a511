/**
 * The start of a paragraph's text on one line, cut at `max` characters with an
 * ellipsis. Only the start is normalised: a thread card quotes its paragraph,
 * which on a real report can run to thousands of characters, and the panel
 * renders a card per thread.
 */
export function snippet(text: string, max: number): string {
  // Whitespace collapses, so a head a few times `max` long always yields enough characters
  // unless it is mostly whitespace; then the rest is read too.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  let flat = head.replace(/\s+/g, ' ').trim();
  if (head !== text && flat.length <= max) flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1).trimEnd() + '…' : flat;
}
