/** Small builders for export tests: terse ProseMirror JSON and block states. */
import type { BlockNode, DocNode, ExportBlockState, InlineNode, ListItemNode } from '../../src/export/index.js';

export const text = (value: string, ...marks: ('bold' | 'italic' | 'strike' | 'underline')[]): InlineNode =>
  marks.length > 0 ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) } : { type: 'text', text: value };

export const linkText = (value: string, href: string): InlineNode => ({
  type: 'text',
  text: value,
  marks: [{ type: 'link', attrs: { href } }],
});

export const p = (id: string | null, ...content: (InlineNode | string)[]): BlockNode => ({
  type: 'paragraph',
  attrs: { id },
  ...(content.length > 0 ? { content: content.map((c) => (typeof c === 'string' ? text(c) : c)) } : {}),
});

export const h = (id: string, level: number, title = id): BlockNode => ({ type: 'heading', attrs: { id, level }, content: [text(title)] });
export const li = (...content: BlockNode[]): ListItemNode => ({ type: 'listItem', content });
export const ul = (...items: ListItemNode[]): BlockNode => ({ type: 'bulletList', content: items });
export const ol = (start: number, ...items: ListItemNode[]): BlockNode => ({
  type: 'orderedList',
  attrs: { start, type: null },
  content: items,
});
export const quote = (...content: BlockNode[]): BlockNode => ({ type: 'blockquote', content });
export const doc = (...content: BlockNode[]): DocNode => ({ type: 'doc', content });

export const agreed = (...ids: string[]): ((id: string) => boolean) => {
  const set = new Set(ids);
  return (id) => set.has(id);
};

export function statesFor(doc: DocNode, status: ExportBlockState['status'] = 'agreed'): Map<string, ExportBlockState> {
  const out = new Map<string, ExportBlockState>();
  const walk = (nodes: readonly (BlockNode | ListItemNode)[]): void => {
    for (const n of nodes) {
      if (n.type === 'recommendationList') continue;
      if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'table' || n.type === 'figure') {
        if (n.attrs.id)
          out.set(n.attrs.id, {
            status,
            stale: false,
            votes: [{ userId: 'u1', userName: 'Ana', stance: 'agree', at: '2025-01-02T03:04:05Z' }],
          });
      } else walk(n.content);
    }
  };
  walk(doc.content);
  return out;
}

/** Ids of every block (paragraph, heading, table, figure) left in a document, in order. */
export function idsOf(d: DocNode): (string | null)[] {
  const out: (string | null)[] = [];
  const walk = (nodes: readonly (BlockNode | ListItemNode)[]): void => {
    for (const n of nodes) {
      if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'table' || n.type === 'figure') out.push(n.attrs.id);
      else if (n.type !== 'recommendationList') walk(n.content);
    }
  };
  walk(d.content);
  return out;
}
