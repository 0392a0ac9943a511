/**
 * DOCX renderer (`docx` package): Word's Title/Heading1–6/Quote/Hyperlink
 * styles, real bullet and numbered lists (one numbering instance per list, so
 * each restarts, honouring `start`), bold/italic/underline/strike runs.
 *
 * Reproducible: `docx` stamps core.xml with the clock, draws random hyperlink
 * ids and fflate stamps zip entries with the local time. We override core.xml
 * (dates from `generatedAt`), use counter-based hyperlink ids, and rewrite the
 * zip timestamps to `generatedAt` (or 1980-01-01 UTC). Packs to a Uint8Array
 * (`Packer.pack(doc, 'uint8array')`), which needs no Node Buffer.
 */
import type { ParagraphChild } from 'docx';
import { AlignmentType, Document, Footer, HeadingLevel, Packer, PageBreak, PageNumber, Paragraph, TextRun } from 'docx';
import type { BlockLeafNode, BlockNode, InlineNode, ListItemNode, MarkTypeName } from '../doc-model.js';
import { assertNever } from '../doc-model.js';
import { effectiveMarks } from '../inline-walk.js';
import { safeHref } from '../links.js';
import type { PreparedExport } from '../prepare.js';
import { prepared } from '../prepare.js';
import { describeScope, STATUS_LABEL } from '../record.js';
import { recordBlocks } from '../record-blocks.js';
import { cleanText, formatTimestamp } from '../text.js';
import type { ExportBlockStatus, ExportInput } from '../types.js';
import { blockState } from '../types.js';
import { corePropertiesXml } from './core-properties.js';
import { stableHyperlink } from './hyperlink.js';
import { BULLET_REFERENCE, DOCX_STYLES, INDENT_STEP, numberingFor, orderedReference } from './styles.js';
import { normalizeZipTimestamps } from './zip-timestamps.js';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const FALLBACK_TIME = '1980-01-01T00:00:00Z';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

const STATUS_COLOR: Record<ExportBlockStatus, string> = {
  agreed: '1C6831',
  in_review: '7D5200',
  disputed: '9F1F17',
  unreviewed: '474F5C',
};

/** Run properties per mark; `link` is carried by the hyperlink around the run. */
const RUN_PROPS: Record<MarkTypeName, Partial<{ bold: boolean; italics: boolean; strike: boolean; underline: object; style: string }>> = {
  link: { style: 'Hyperlink' },
  bold: { bold: true },
  italic: { italics: true },
  strike: { strike: true },
  underline: { underline: {} },
};

interface Place {
  listDepth: number; // -1 outside lists
  quoteDepth: number;
  /** Numbering for the next paragraph: the first paragraph of a list item. */
  numbering?: { reference: string; level: number; instance: number };
}

class DocxWriter {
  private lists = 0;
  private links = 0;
  readonly orderedStarts: number[] = [];

  constructor(private readonly p: PreparedExport) {}

  blocks(nodes: readonly BlockNode[], place: Place): Paragraph[] {
    return nodes.flatMap((node) => this.block(node, place));
  }

  private block(node: BlockNode, place: Place): Paragraph[] {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        return [this.leaf(node, place)];
      case 'blockquote':
        return this.blocks(node.content, { listDepth: place.listDepth, quoteDepth: place.quoteDepth + 1 });
      case 'bulletList':
        return this.list(node.content, BULLET_REFERENCE, place);
      case 'orderedList': {
        const start = Math.max(0, Math.floor(node.attrs.start ?? 1));
        this.orderedStarts.push(start);
        return this.list(node.content, orderedReference(start), place);
      }
      default:
        return assertNever(node, 'block node');
    }
  }

  private list(items: readonly ListItemNode[], reference: string, place: Place): Paragraph[] {
    const instance = ++this.lists;
    const level = Math.min(8, place.listDepth + 1);
    return items.flatMap((item) =>
      item.content.flatMap((child, i) =>
        this.block(child, {
          listDepth: level,
          quoteDepth: place.quoteDepth,
          ...(i === 0 ? { numbering: { reference, level, instance } } : {}),
        }),
      ),
    );
  }

  private leaf(node: BlockLeafNode, place: Place): Paragraph {
    const children = this.runs(node.content);
    const id = node.attrs.id;
    if (this.p.markStatus && id !== null) {
      const state = blockState(this.p.blocks, id);
      const label = `${STATUS_LABEL[state.status]}${state.stale ? ' · stale' : ''}`.toUpperCase();
      children.push(new TextRun({ text: ` [${label}]`, style: 'ConcordStatus', color: STATUS_COLOR[state.status] }));
    }
    const indentSteps = (place.numbering ? 0 : place.listDepth + 1) + place.quoteDepth;
    const indent = indentSteps > 0 && !place.numbering ? { indent: { left: INDENT_STEP * indentSteps } } : {};
    const numbering = place.numbering ? { numbering: place.numbering } : {};
    if (node.type === 'heading') {
      const level = Math.min(6, Math.max(1, Math.floor(node.attrs.level) || 1));
      return new Paragraph({ heading: HEADINGS[level - 1], children, ...indent, ...numbering });
    }
    const style = place.quoteDepth > 0 ? { style: 'Quote' } : {};
    return new Paragraph({ children, ...style, ...indent, ...numbering });
  }

  runs(content: readonly InlineNode[] | undefined): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    // The open hyperlink: consecutive runs with the same address share one.
    const open: { link: { href: string; runs: TextRun[] } | null } = { link: null };
    const flush = (): void => {
      if (open.link) out.push(stableHyperlink(open.link.runs, ++this.links, open.link.href));
      open.link = null;
    };
    for (const node of content ?? []) {
      const marks = effectiveMarks(node.marks);
      const props = Object.assign({}, ...marks.map((m) => RUN_PROPS[m.type]));
      let run: TextRun;
      switch (node.type) {
        case 'text':
          run = new TextRun({ ...props, text: cleanText(node.text).replace(/[\r\n]+/g, ' ') });
          break;
        case 'hardBreak':
          run = new TextRun({ break: 1 });
          break;
        default:
          return assertNever(node, 'inline node');
      }
      const link = marks.find((m) => m.type === 'link');
      const href = link && link.type === 'link' ? safeHref(link.attrs.href) : null;
      if (href === null) {
        flush();
        out.push(run);
      } else {
        if (open.link?.href !== href) flush();
        open.link ??= { href, runs: [] };
        open.link.runs.push(run);
      }
    }
    flush();
    return out;
  }
}

export async function renderDocx(input: ExportInput | PreparedExport): Promise<Uint8Array> {
  const p = prepared(input);
  const writer = new DocxWriter(p);
  const meta = `${describeScope(p.scope)}${p.generatedAt ? ` Generated ${formatTimestamp(p.generatedAt)}.` : ''}`;
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(p.title)] }),
    new Paragraph({ style: 'ConcordMeta', children: [new TextRun(meta)] }),
    ...writer.blocks(p.doc.content, { listDepth: -1, quoteDepth: 0 }),
  ];
  if (p.record) {
    children.push(new Paragraph({ children: [new PageBreak()] }));
    children.push(...writer.blocks(recordBlocks(p.record, p.rule, p.markStatus), { listDepth: -1, quoteDepth: 0 }));
  }
  const doc = new Document({
    title: p.title,
    description: meta,
    creator: 'Concord',
    styles: DOCX_STYLES,
    numbering: numberingFor(writer.orderedStarts),
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1247, bottom: 1247, left: 1304, right: 1304 } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: `${p.title} · `, size: 16, color: '5C6370' }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 16, color: '5C6370' }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  const zip = await Packer.pack(doc, 'uint8array', false, [
    { path: 'docProps/core.xml', data: corePropertiesXml(p.title, meta, p.generatedAt) },
  ]);
  const time = Date.parse(p.generatedAt ?? FALLBACK_TIME);
  return normalizeZipTimestamps(zip, new Date(Number.isFinite(time) ? time : Date.parse(FALLBACK_TIME)));
}
