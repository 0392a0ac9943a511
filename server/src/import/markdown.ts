/** Markdown → HTML with markdown-it (CommonMark + GFM tables and strikethrough). Raw HTML is passed on to the sanitiser, which decides. */
import MarkdownIt from 'markdown-it';

let md: MarkdownIt | undefined;

export function markdownToHtml(text: string): string {
  md ??= new MarkdownIt('default', { html: true, linkify: false, typographer: false });
  return md.render(text);
}
