/** Helpers for import tests: bytes from text, deterministic ids, structure without ids. */
import type { DocNode } from '@concord/shared';

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
