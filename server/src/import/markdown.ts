/**
 * Markdown → HTML with markdown-it (CommonMark + GFM tables and strikethrough)
 * and markdown-it-footnote (`[^1]` references and `[^1]: …` notes). Raw HTML
 * is passed on to the sanitiser, which decides.
 */
import MarkdownIt, { type PluginSimple } from 'markdown-it';
import footnote from 'markdown-it-footnote';

// The plugin's types describe markdown-it's CommonJS typings; the plugin itself takes any instance.
const footnotePlugin = footnote as unknown as PluginSimple;

let md: MarkdownIt | undefined;

export function markdownToHtml(text: string): string {
  md ??= new MarkdownIt('default', { html: true, linkify: false, typographer: false }).use(footnotePlugin);
  return md.render(text);
}
