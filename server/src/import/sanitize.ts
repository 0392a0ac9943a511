/**
 * The strict allow-list every imported file passes through (Markdown and DOCX
 * are first turned into HTML), with a tally of what was left out so the
 * import report can say so. Only what the Concord schema can hold survives:
 * block structure, bold/italic/underline/strike, http(s) and mailto links (others
 * are unlinked by import-links.ts first, their text kept),
 * tables, and the footnotes and figures report-structure.ts has already put in
 * the schema's form (figures by content hash: no image address survives).
 * Scripts, styles, embeds and forms go with their content.
 */
import sanitizeHtml from 'sanitize-html';
import { safeHref } from '@concord/shared';

export const IMPORT_ALLOWED_TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'strike',
  'del',
  'a',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'figure',
  'figcaption',
  'span',
  // Containers with no meaning of their own: kept so their text stays in separate blocks.
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
];

/** Disallowed elements whose whole content goes too (for the rest, the tag goes and the text stays). */
const DROP_WITH_CONTENT = [
  'script',
  'noscript',
  'template',
  'style',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'video',
  'audio',
  'picture',
  'img',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
];

const CATEGORY: Record<string, string> = {
  script: 'script',
  noscript: 'script',
  template: 'script',
  style: 'style sheet',
  link: 'external resource link',
  img: 'image',
  picture: 'image',
  svg: 'image or drawing',
  canvas: 'image or drawing',
  iframe: 'embedded content',
  frame: 'embedded content',
  frameset: 'embedded content',
  object: 'embedded content',
  embed: 'embedded content',
  applet: 'embedded content',
  video: 'video',
  audio: 'audio',
  math: 'formula',
  form: 'form',
  input: 'form control',
  button: 'form control',
  select: 'form control',
  textarea: 'form control',
  table: 'table',
  pre: 'code block formatting (text kept)',
  code: 'code formatting (text kept)',
  kbd: 'code formatting (text kept)',
  samp: 'code formatting (text kept)',
  sup: 'superscript formatting (text kept)',
  sub: 'subscript formatting (text kept)',
  hr: 'horizontal rule',
  mark: 'highlight (text kept)',
  font: 'font formatting (text kept)',
};

/** Elements that are dropped without mention: document scaffolding and inline wrappers that carry nothing. */
const SILENT = new Set([
  'html',
  'body',
  'head',
  'meta',
  'title',
  'base',
  'span',
  'nav',
  'figure',
  'figcaption',
  'small',
  'big',
  'abbr',
  'cite',
  'q',
  'time',
  'label',
  'dfn',
  'var',
  'ins',
  'center',
  'address',
  'dl',
  'dt',
  'dd',
  'details',
  'summary',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'colgroup',
  'col',
]);

export interface Dropped {
  what: string;
  count: number;
  example: string;
}

export class DropTally {
  private readonly byWhat = new Map<string, Dropped>();

  add(what: string, example: string): void {
    const entry = this.byWhat.get(what);
    if (entry) entry.count++;
    else this.byWhat.set(what, { what, count: 1, example: example.slice(0, 120) });
  }

  list(): Dropped[] {
    return [...this.byWhat.values()].sort((a, b) => b.count - a.count || a.what.localeCompare(b.what));
  }
}

export function sanitizeImportHtml(html: string, tally: DropTally): string {
  let dropDepth = 0; // > 0 while inside an element dropped with its content
  return sanitizeHtml(html, {
    allowedTags: IMPORT_ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href'],
      ol: ['start'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      span: ['data-footnote'],
      figure: ['data-image', 'data-alt'],
      p: ['data-recommendation'],
      div: ['data-recommendation-list'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
    // Word footnote references (from mammoth) keep their text, lose the in-page link; back-links go.
    exclusiveFilter: (frame) => frame.tag === 'a' && /^#(?:footnote|endnote)-ref-/.test(frame.attribs.href ?? ''),
    transformTags: {
      a: (tagName, attribs) =>
        /^#(?:footnote|endnote)-\d+$/.test(attribs.href ?? '') ? { tagName: 'span', attribs: {} } : { tagName, attribs },
    },
    // htmlparser2 reports a close for every open, void elements included (as implied closes).
    onOpenTag: (name, attribs) => {
      if (dropDepth > 0) {
        dropDepth++;
        return;
      }
      tallyTag(name, attribs, tally);
      // <head> goes with its content too, but what it held (scripts, style sheets) is still worth reporting.
      if (DROP_WITH_CONTENT.includes(name) && name !== 'head') dropDepth = 1;
    },
    onCloseTag: () => {
      if (dropDepth > 0) dropDepth--;
    },
  });
}

function tallyTag(name: string, attribs: Record<string, string>, tally: DropTally): void {
  for (const attr of Object.keys(attribs)) {
    if (/^on/i.test(attr)) tally.add('event handler attribute (removed)', `<${name} ${attr}="${attribs[attr]}">`);
    else if (attr === 'style' && attribs[attr].trim() !== '') tally.add('inline style (removed)', `<${name} style="${attribs[attr]}">`);
  }
  if (
    name === 'a' &&
    attribs.href !== undefined &&
    !/^#/.test(attribs.href) &&
    !isRelative(attribs.href) &&
    safeHref(attribs.href) === null
  ) {
    tally.add('link with an unsupported address (text kept)', attribs.href);
  }
  if (IMPORT_ALLOWED_TAGS.includes(name) || SILENT.has(name)) return;
  tally.add(CATEGORY[name] ?? `<${name}> element (text kept)`, describeTag(name, attribs));
}

function isRelative(href: string): boolean {
  return !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(href.trim()) && !href.trim().startsWith('//');
}

function describeTag(name: string, attribs: Record<string, string>): string {
  const shown = ['alt', 'src', 'href', 'title', 'name', 'type']
    .filter((a) => attribs[a] !== undefined)
    .slice(0, 2)
    .map((a) => ` ${a}="${attribs[a].slice(0, 60)}"`)
    .join('');
  return `<${name}${shown}>`;
}
