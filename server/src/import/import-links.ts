/**
 * One link policy for import and export (shared safeHref): a link is kept only
 * when every export can keep it — an http(s) or mailto address. Everything
 * else loses its link and keeps its text, and the import report says so:
 *
 * - a relative address (`/path`, `page.html`): there is no site to resolve it
 *   against once the text is in Concord (it was kept and counted on import,
 *   then silently dropped by every export);
 * - an empty address;
 * - a link to a place in the same file (`#section`): imported blocks get new
 *   ids and the file's anchors are not kept, so it would dangle.
 *
 * Footnote references and back-links (`#footnote-…`) are left to the footnote
 * pass and the sanitiser; other schemes (javascript:, data:) to the sanitiser.
 */
import { DomUtils } from 'htmlparser2';
import type { Element, ParentNode } from 'domhandler';
import { safeHref } from '@concord/shared';
import type { DropTally } from './sanitize.js';

const WORD_NOTE_LINK = /^#(?:footnote|endnote)(?:-ref)?-/;
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function settleImportedLinks(dom: ParentNode, tally: DropTally): void {
  for (const a of DomUtils.findAll((e) => e.name === 'a', dom.children)) {
    const raw = a.attribs.href;
    if (raw === undefined) {
      unwrap(a); // a named anchor (`<a name>`, Word bookmarks): a target, never a link
      continue;
    }
    const href = raw.trim();
    if (WORD_NOTE_LINK.test(href)) continue;
    const example = `${DomUtils.textContent(a).trim().slice(0, 40)} → ${href || '(empty)'}`;
    if (href === '') tally.add('link with no address (text kept)', example);
    else if (href.startsWith('#')) tally.add('link to a place in the same file (text kept; the file’s anchors are not kept)', example);
    else if (!HAS_SCHEME.test(href) && !href.startsWith('//'))
      tally.add('relative link (text kept; no site to resolve it against)', example);
    else if (safeHref(href) !== null) continue;
    else continue; // another scheme: the sanitiser reports it
    unwrap(a);
  }
}

function unwrap(a: Element): void {
  const parent = a.parent;
  if (!parent) return;
  for (const child of [...a.children]) DomUtils.prepend(a, child);
  DomUtils.removeElement(a);
}
