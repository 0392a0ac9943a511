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

/** The outline of a document: one line per block, with its nesting. */
export function outline(doc: DocNode): string[] {
  const lines: string[] = [];
  const walk = (nodes: readonly { type: string; attrs?: Record<string, unknown>; content?: unknown[] }[], depth: number): void => {
    for (const node of nodes) {
      if (node.type === 'paragraph' || node.type === 'heading') {
        const text = (node.content as { text?: string }[] | undefined)?.map((c) => c.text ?? '\n').join('') ?? '';
        lines.push(`${'  '.repeat(depth)}${node.type === 'heading' ? `h${String(node.attrs?.level)}` : 'p'}: ${text}`);
      } else {
        lines.push(`${'  '.repeat(depth)}${node.type}`);
        walk(node.content as never[], depth + 1);
      }
    }
  };
  walk(doc.content as never[], 0);
  return lines;
}
