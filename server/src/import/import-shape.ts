/**
 * Limits on what an import may produce, checked on the ProseMirror JSON before
 * it becomes a document (imports skip the sync update guard): at most
 * MAX_IMPORT_BLOCKS blocks (a 150-page report has about 1 500) and no deeper
 * nesting than the sync layer accepts. Walks iteratively.
 */
import { ImportError } from './import-error.js';

export const MAX_IMPORT_BLOCKS = 20_000;

interface JsonNode {
  type?: unknown;
  content?: unknown;
}

export function checkImportShape(doc: Record<string, unknown>, filename: string, limits: { maxBlocks: number; maxDepth: number }): void {
  let blocks = 0;
  const stack: { node: JsonNode; depth: number }[] = [{ node: doc, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node.type === 'paragraph' || node.type === 'heading') blocks++;
    if (blocks > limits.maxBlocks)
      throw new ImportError(
        'too_large',
        `"${filename}" has more than ${limits.maxBlocks} paragraphs and headings; that is the import limit.`,
      );
    if (depth > limits.maxDepth) throw new ImportError('too_large', `"${filename}" nests content deeper than ${limits.maxDepth} levels.`);
    if (Array.isArray(node.content))
      for (const child of node.content as JsonNode[]) if (child && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
  }
}

/**
 * A cheap count of block tags in HTML before the (much slower) sanitising and
 * parsing: a page of 50 000 paragraphs is refused at once instead of after
 * seconds of work. Counts openings of p, h1–h6 and li.
 */
export function precheckHtmlBlocks(html: string, filename: string, maxBlocks: number): void {
  let count = 0;
  const tag = /<(?:p|h[1-6]|li)[\s>/]/gi;
  while (tag.exec(html)) {
    if (++count > maxBlocks)
      throw new ImportError('too_large', `"${filename}" has more than ${maxBlocks} paragraphs and headings; that is the import limit.`);
  }
}
