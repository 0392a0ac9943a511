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
import type { FileChild, IRunOptions, ParagraphChild } from 'docx';
import {
  AlignmentType,
  Document,
  Footer,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type {
  AgreementNode,
  BlockLeafNode,
  BlockNode,
  FigureNode,
  InlineNode,
  ListItemNode,
  MarkTypeName,
  TableNode,
} from '../doc-model.js';
import { assertNever } from '../doc-model.js';
import { effectiveMarks } from '../inline-walk.js';
import { safeHref } from '../links.js';
import type { PreparedExport } from '../prepare.js';
import { prepared } from '../prepare.js';
import { missingImageText } from '../images.js';
import { sniffImage } from '../../images/sniff.js';
import { recommendationLabel } from '../numbering.js';
import { recommendationListBlocks } from '../recommendation-list.js';
import { describeScope, STATUS_LABEL } from '../record.js';
import { recordBlocks } from '../record-blocks.js';
import { cleanText, formatTimestamp } from '../text.js';
import type { ExportBlockStatus, ExportInput } from '../types.js';
import { blockState } from '../types.js';
import { corePropertiesXml } from './core-properties.js';
import { stableHyperlink } from './hyperlink.js';
import { BULLET_REFERENCE, DOCX_STYLES, INDENT_STEP, numberingFor, orderedReference } from './styles.js';
import { normalizeZipTimestamps } from '../zip-timestamps.js';

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
const RUN_PROPS: Record<MarkTypeName, IRunOptions> = {
  link: { style: 'Hyperlink' },
  bold: { bold: true },
  italic: { italics: true },
  strike: { strike: true },
  underline: { underline: {} },
};

/**
 * TextRun takes `IRunOptions | string`; an object literal written straight into
 * that union has its `bold`/`italics` checked against String.prototype's
 * deprecated HTML methods too. Typed as options only, it is checked as options.
 */
function textRun(options: IRunOptions): TextRun {
  return new TextRun(options);
}

interface Place {
  listDepth: number; // -1 outside lists
  quoteDepth: number;
  /** Numbering for the next paragraph: the first paragraph of a list item. */
  numbering?: { reference: string; level: number; instance: number };
}

/** Widest a picture is drawn, in pixels at 96 dpi (the A4 text width with these margins). */
const MAX_PICTURE_WIDTH = 600;

class DocxWriter {
  private lists = 0;
  private links = 0;
  private pictures = 0;
  readonly orderedStarts: number[] = [];
  /** Word footnotes by number, filled as references are written. */
  readonly footnotes: Record<string, { children: Paragraph[] }> = {};

  constructor(private readonly p: PreparedExport) {}

  blocks(nodes: readonly BlockNode[], place: Place): FileChild[] {
    return nodes.flatMap((node) => this.block(node, place));
  }

  private block(node: BlockNode, place: Place): FileChild[] {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        return [this.leaf(node, place)];
      case 'table':
        return [this.table(node), ...this.statusLine(node)];
      case 'figure':
        return [...this.figure(node), ...this.statusLine(node)];
      case 'recommendationList':
        return this.block(recommendationListBlocks(this.p.numbering), place);
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

  private list(items: readonly ListItemNode[], reference: string, place: Place): FileChild[] {
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
    const number = node.type === 'paragraph' ? this.p.numbering.recommendationNumber.get(node) : undefined;
    if (number !== undefined) children.unshift(textRun({ text: `${recommendationLabel(number)}. `, bold: true }));
    children.push(...this.statusRuns(node));
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

  /** Draft scope: the block's status as a small coloured label. */
  private statusRuns(node: AgreementNode): TextRun[] {
    const id = node.attrs.id;
    if (!this.p.markStatus || id === null) return [];
    const state = blockState(this.p.blocks, id);
    const label = `${STATUS_LABEL[state.status]}${state.stale ? ' · stale' : ''}`.toUpperCase();
    return [textRun({ text: ` [${label}]`, style: 'ConcordStatus', color: STATUS_COLOR[state.status] })];
  }

  private statusLine(node: AgreementNode): Paragraph[] {
    const runs = this.statusRuns(node);
    return runs.length === 0 ? [] : [new Paragraph({ children: runs })];
  }

  /** A Word table; a first row of header cells repeats on every page. */
  private table(node: TableNode): Table {
    const first = node.content[0]?.content ?? [];
    const hasHeader = first.length > 0 && first.every((cell) => cell.type === 'tableHeader');
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: node.content.map(
        (row, i) =>
          new TableRow({
            // Only ever "on": some readers (mammoth) take any w:tblHeader, even w:val="off", as a header row.
            ...(hasHeader && i === 0 ? { tableHeader: true } : {}),
            children: (row.content ?? []).map(
              (cell) =>
                new TableCell({
                  // Header cells are shaded, not bolded: bold would come back as a mark on import and change the fingerprint.
                  children: [new Paragraph({ children: this.runs(cell.content) })],
                  ...(cell.type === 'tableHeader' ? { shading: { fill: 'E8ECF0', type: ShadingType.CLEAR, color: 'auto' } } : {}),
                  ...(cell.attrs.colspan > 1 ? { columnSpan: cell.attrs.colspan } : {}),
                  ...(cell.attrs.rowspan > 1 ? { rowSpan: cell.attrs.rowspan } : {}),
                }),
            ),
          }),
      ),
    });
  }

  /** The picture (PNG or JPEG; Word cannot be relied on for WebP), then its caption in Word's Caption style. */
  private figure(node: FigureNode): Paragraph[] {
    const image = node.attrs.image === null ? undefined : this.p.images.get(node.attrs.image);
    const size = image ? sniffImage(image.bytes) : null;
    let picture: ParagraphChild;
    if (image && size && image.mediaType !== 'image/webp') {
      const scale = Math.min(1, MAX_PICTURE_WIDTH / size.width);
      picture = new ImageRun({
        type: image.mediaType === 'image/png' ? 'png' : 'jpg',
        data: image.bytes,
        transformation: { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) },
        // A fixed id per picture: the library's own counter would differ between exports.
        altText: { id: String(++this.pictures), name: `Figure ${this.pictures}`, description: node.attrs.alt },
      });
    } else {
      const why =
        image?.mediaType === 'image/webp'
          ? `[WebP image not embedded${node.attrs.alt === '' ? '' : `: ${node.attrs.alt}`}]`
          : missingImageText(node.attrs.alt);
      picture = textRun({ text: why, italics: true });
    }
    const out = [new Paragraph({ children: [picture], keepNext: true })];
    if ((node.content ?? []).length > 0) out.push(new Paragraph({ style: 'Caption', children: this.runs(node.content) }));
    return out;
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
      const props = marks.reduce<IRunOptions>((all, m) => ({ ...all, ...RUN_PROPS[m.type] }), {});
      let run: TextRun;
      switch (node.type) {
        case 'text':
          run = textRun({ ...props, text: cleanText(node.text).replace(/[\r\n]+/g, ' ') });
          break;
        case 'hardBreak':
          run = textRun({ break: 1 });
          break;
        case 'footnote': {
          const number = this.p.numbering.noteNumber.get(node);
          if (number === undefined) {
            run = textRun({ text: '[note missing]', italics: true });
            break;
          }
          // Word numbers its footnotes itself, in the same document order.
          this.footnotes[String(number)] = { children: [new Paragraph({ style: 'FootnoteText', children: this.runs(node.content) })] };
          flush();
          out.push(new FootnoteReferenceRun(number));
          continue;
        }
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
  const children: FileChild[] = [
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
    footnotes: writer.footnotes,
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
                  textRun({ text: `${p.title} · `, size: 16, color: '5C6370' }),
                  textRun({ children: [PageNumber.CURRENT], size: 16, color: '5C6370' }),
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
