/** Helpers for import tests: bytes from text, deterministic ids, structure without ids. */
import type { DocNode } from '@concord/shared';
import { zipSync } from 'fflate';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function counterIds(prefix = 'imp'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** The document with every block id replaced by a placeholder, to compare structure. */
export function withoutIds(doc: unknown): unknown {
  return JSON.parse(JSON.stringify(doc), (key, value) => (key === 'id' ? 'ID' : value));
}

export function blockIds(doc: DocNode): string[] {
  const out: string[] = [];
  JSON.stringify(doc, (key, value) => {
    if (key === 'attrs' && value && typeof value.id === 'string') out.push(value.id);
    return value;
  });
  return out;
}

type Json = { type: string; attrs?: Record<string, unknown>; content?: Json[]; text?: string };

/** Inline text: a hard break as a newline, a footnote as `[^its text]`. */
function inlineText(content: Json[] | undefined): string {
  return (content ?? []).map((c) => (c.type === 'footnote' ? `[^${inlineText(c.content)}]` : (c.text ?? '\n'))).join('');
}

/**
 * The outline of a document: one line per block, with its nesting. A
 * recommendation is `rec:`, a table one line of rows (` / `) and cells (` | `),
 * a figure `figure(<image hash prefix or "missing">, <alt>): <caption>`.
 */
export function outline(doc: DocNode): string[] {
  const lines: string[] = [];
  const walk = (nodes: readonly Json[], depth: number): void => {
    const indent = '  '.repeat(depth);
    for (const node of nodes) {
      if (node.type === 'paragraph' || node.type === 'heading') {
        const kind = node.type === 'heading' ? `h${String(node.attrs?.level)}` : node.attrs?.recommendation === true ? 'rec' : 'p';
        lines.push(`${indent}${kind}: ${inlineText(node.content)}`);
      } else if (node.type === 'table') {
        const rows = (node.content ?? []).map((row) =>
          (row.content ?? []).map((cell) => `${cell.type === 'tableHeader' ? '*' : ''}${inlineText(cell.content)}`).join(' | '),
        );
        lines.push(`${indent}table: ${rows.join(' / ')}`);
      } else if (node.type === 'figure') {
        const image = typeof node.attrs?.image === 'string' ? node.attrs.image.slice(0, 8) : 'missing';
        const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
        lines.push(`${indent}figure(${image}, ${alt}): ${inlineText(node.content)}`);
      } else if (node.type === 'recommendationList') {
        lines.push(`${indent}recommendationList`);
      } else {
        lines.push(`${indent}${node.type}`);
        walk(node.content ?? [], depth + 1);
      }
    }
  };
  walk(doc.content as unknown as Json[], 0);
  return lines;
}

/**
 * A DOCX written by hand, as a third-party tool might: `body` is the inner XML
 * of `<w:body>` (namespaces w, m, r, wp, wps, mc, v, w14 declared), placed at
 * `mainPart` (default word/document.xml) and found through _rels/.rels. No
 * Concord or docx-library code is involved, so nothing is shaped to please the
 * importer.
 */
export function rawDocx(
  body: string,
  options: { mainPart?: string; extraParts?: Record<string, string>; relationships?: string } = {},
): Uint8Array {
  const mainPart = options.mainPart ?? 'word/document.xml';
  const slash = mainPart.lastIndexOf('/');
  const dir = mainPart.slice(0, slash + 1);
  const name = mainPart.slice(slash + 1);
  const ns = [
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"',
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
    'xmlns:v="urn:schemas-microsoft-com:vml"',
    'mc:Ignorable="w14"',
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"',
  ].join(' ');
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': utf8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/${mainPart}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
        '</Types>',
    ),
    '_rels/.rels': utf8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${mainPart}"/>` +
        '</Relationships>',
    ),
    [`${dir}_rels/${name}.rels`]: utf8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${options.relationships ?? ''}</Relationships>`,
    ),
    [mainPart]: utf8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${ns}><w:body>${body}</w:body></w:document>`),
  };
  for (const [path, xml] of Object.entries(options.extraParts ?? {})) files[path] = utf8(xml);
  return zipSync(files, { mtime: new Date('2026-01-01T00:00:00Z') });
}

/** One Word paragraph of plain runs. */
export const wordParagraph = (...runs: string[]): string => `<w:p>${runs.map((t) => wordRun(t)).join('')}</w:p>`;
export const wordRun = (text: string): string => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
