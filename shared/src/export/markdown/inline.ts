/**
 * Inline Markdown: `**bold**`, `_italic_`, `~~strike~~` (GFM, which
 * markdown-it reads), `<u>underline</u>` (inline HTML: Markdown has no
 * underline), `[text](href)`, hard breaks as a backslash at the line end.
 * Where a delimiter could not open or close at its place (say `_` inside a
 * word), that pair is written as the equivalent inline HTML tag instead.
 */
import type { FootnoteNode, InlineNode, MarkJSON, MarkTypeName } from '../doc-model.js';
import { safeHref } from '../links.js';
import { walkInline } from '../inline-walk.js';
import { canClose, canOpen, escapeDestination, escapeInline } from './escape.js';

type Token = { kind: 'text'; text: string } | { kind: 'delim'; text: string; html: string; role: 'open' | 'close'; pair: number };

interface MarkSyntax {
  open: (mark: MarkJSON) => string;
  close: (mark: MarkJSON) => string;
  /** Delimiter-run marks must satisfy the flanking rules; HTML fallback if not. */
  flanking: boolean;
  htmlOpen: string;
  htmlClose: string;
}

const SYNTAX: Record<MarkTypeName, MarkSyntax> = {
  link: {
    open: () => '[',
    close: (mark) => `](${escapeDestination(mark.type === 'link' ? (safeHref(mark.attrs.href) ?? '') : '')})`,
    flanking: false,
    htmlOpen: '',
    htmlClose: '',
  },
  bold: { open: () => '**', close: () => '**', flanking: true, htmlOpen: '<strong>', htmlClose: '</strong>' },
  italic: { open: () => '_', close: () => '_', flanking: true, htmlOpen: '<em>', htmlClose: '</em>' },
  strike: { open: () => '~~', close: () => '~~', flanking: true, htmlOpen: '<s>', htmlClose: '</s>' },
  underline: { open: () => '<u>', close: () => '</u>', flanking: false, htmlOpen: '<u>', htmlClose: '</u>' },
};

export interface InlineOptions {
  /** What a hard break becomes: a backslash line end in paragraphs, `<br />` in headings (one line). */
  hardBreak: string;
  /** What a footnote reference becomes (`[^3]`); left out when not given. */
  footnote?: (node: FootnoteNode) => string;
}

export function renderInlineMarkdown(content: readonly InlineNode[] | undefined, options: InlineOptions): string {
  const tokens: Token[] = [];
  const openPairs: number[] = [];
  let pairs = 0;
  let linkDepth = 0;

  walkInline(
    content,
    {
      open(mark) {
        const syntax = SYNTAX[mark.type];
        if (mark.type === 'link') {
          linkDepth++;
          escapeBangBeforeLink(tokens);
        }
        const pair = pairs++;
        openPairs.push(pair);
        tokens.push({ kind: 'delim', text: syntax.open(mark), html: syntax.flanking ? syntax.htmlOpen : '', role: 'open', pair });
      },
      close(mark) {
        const syntax = SYNTAX[mark.type];
        if (mark.type === 'link') linkDepth--;
        const pair = openPairs.pop()!;
        tokens.push({ kind: 'delim', text: syntax.close(mark), html: syntax.flanking ? syntax.htmlClose : '', role: 'close', pair });
      },
      text(text) {
        tokens.push({ kind: 'text', text: escapeInline(text, linkDepth > 0) });
      },
      hardBreak() {
        tokens.push({ kind: 'text', text: options.hardBreak });
      },
      footnote(node) {
        if (options.footnote) tokens.push({ kind: 'text', text: options.footnote(node) });
      },
    },
    { trimsWhitespace: (mark) => SYNTAX[mark.type].flanking, dropTrailingBreaks: true },
  );

  return joinWithFallback(tokens);
}

/** A literal `!` right before a link's `[` would turn the link into an image. */
function escapeBangBeforeLink(tokens: Token[]): void {
  const last = tokens[tokens.length - 1];
  if (last?.kind === 'text' && last.text.endsWith('!') && !last.text.endsWith('\\!')) {
    last.text = `${last.text.slice(0, -1)}\\!`;
  }
}

/**
 * Joins tokens, replacing any delimiter pair that would not parse as emphasis
 * where it stands with its HTML tag. Swapping `*`/`_`/`~` for `<`/`>` keeps
 * every neighbour's class (punctuation stays punctuation), so one pass is enough.
 */
function joinWithFallback(tokens: Token[]): string {
  const pieces = tokens.map((t) => t.text);
  const charBefore = (index: number): string | null => {
    for (let i = index - 1; i >= 0; i--) if (pieces[i].length > 0) return pieces[i][pieces[i].length - 1];
    return null;
  };
  const charAfter = (index: number): string | null => {
    for (let i = index + 1; i < pieces.length; i++) if (pieces[i].length > 0) return pieces[i][0];
    return null;
  };
  const broken = new Set<number>();
  tokens.forEach((token, index) => {
    if (token.kind !== 'delim' || token.html === '') return;
    const prev = charBefore(index);
    const next = charAfter(index);
    const ok = token.role === 'open' ? canOpen(token.text, prev, next) : canClose(token.text, prev, next);
    if (!ok) broken.add(token.pair);
  });
  if (broken.size === 0) return pieces.join('');
  return tokens.map((t) => (t.kind === 'delim' && broken.has(t.pair) ? t.html : t.text)).join('');
}
