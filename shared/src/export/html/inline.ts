/** Inline HTML: marks as tags, links only through `safeHref`, footnote references as the caller says. */
import type { FootnoteNode, InlineNode, MarkJSON, MarkTypeName } from '../doc-model.js';
import { walkInline } from '../inline-walk.js';
import { safeHref } from '../links.js';
import { escapeAttr, escapeText } from './escape.js';

const MARK_TAG: Record<MarkTypeName, (mark: MarkJSON) => [string, string]> = {
  // walkInline only passes links that safeHref accepts.
  link: (mark) => [`<a href="${escapeAttr(mark.type === 'link' ? (safeHref(mark.attrs.href) ?? '#') : '#')}">`, '</a>'],
  bold: () => ['<strong>', '</strong>'],
  italic: () => ['<em>', '</em>'],
  strike: () => ['<s>', '</s>'],
  underline: () => ['<u>', '</u>'],
};

/** `footnote` returns the markup for a reference; without it references are left out. */
export function renderInlineHtml(content: readonly InlineNode[] | undefined, footnote?: (node: FootnoteNode) => string): string {
  let out = '';
  walkInline(content, {
    open: (mark) => (out += MARK_TAG[mark.type](mark)[0]),
    close: (mark) => (out += MARK_TAG[mark.type](mark)[1]),
    text: (text) => (out += escapeText(text)),
    hardBreak: () => (out += '<br />'),
    footnote: (node) => (out += footnote ? footnote(node) : ''),
  });
  return out;
}
