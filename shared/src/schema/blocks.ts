/**
 * Node types that are units of agreement ("blocks"): each carries a stable id.
 * A table and a figure are one block each (C34, C35): nothing inside them is.
 */
export const BLOCK_NODE_TYPES = ['paragraph', 'heading', 'table', 'figure'] as const;
export type BlockNodeType = (typeof BLOCK_NODE_TYPES)[number];

/** Name of the node attribute that holds a block's stable id. */
export const BLOCK_ID_ATTR = 'id';

/** Name of the Y.XmlFragment inside the Y.Doc that holds the document body. */
export const Y_FRAGMENT_NAME = 'default';

export function isBlockNodeType(name: string): name is BlockNodeType {
  return (BLOCK_NODE_TYPES as readonly string[]).includes(name);
}

/** Blocks whose content is a run of inline text (the others hold cells or a caption). */
export function isTextBlockType(name: string): name is 'paragraph' | 'heading' {
  return name === 'paragraph' || name === 'heading';
}
