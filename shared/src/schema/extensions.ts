/**
 * The one TipTap extension list that both the browser editor and the server
 * build the document schema from. If the two sides disagreed, the server would
 * silently drop attributes it does not know (block ids included), so the client
 * adds only behaviour (collaboration, carets) on top of this list, never schema.
 */
import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import UniqueID from '@tiptap/extension-unique-id';
import { BLOCK_ID_ATTR, BLOCK_NODE_TYPES } from './blocks.js';
import { reportContentExtensions } from './report-nodes.js';
import { safeHref } from '../export/links.js';

export interface SchemaExtensionOptions {
  /**
   * Transactions UniqueID must leave alone. The client passes
   * `tr => !isChangeOrigin(tr)` so that ids arriving from peers are not re-minted.
   */
  filterTransaction?: (tr: import('@tiptap/pm/state').Transaction) => boolean;
  /** Id generator; defaults to UniqueID's uuid v4. */
  generateId?: () => string;
}

export function concordExtensions(options: SchemaExtensionOptions = {}): Extensions {
  return [
    StarterKit.configure({
      // A consensus report has no source code and no decorative rules; keeping the
      // schema small keeps every export mapping exhaustive and reviewable.
      code: false,
      codeBlock: false,
      horizontalRule: false,
      // History is owned by the collaboration layer (Y.UndoManager) on the client.
      undoRedo: false,
      // Every editor that opened a document ending in a list would append its own
      // empty paragraph (two people opening at once: two), and read-only viewers
      // would hold a local change they can never save.
      trailingNode: false,
      link: {
        openOnClick: false,
        autolink: true,
        protocols: ['http', 'https', 'mailto'],
        // The one link policy of the exports (safeHref): http(s) and mailto. A relative
        // path ("/x") or an in-page "#anchor" was accepted here and then dropped or left
        // dangling by the exports; now neither the editor, a paste nor an import makes one.
        isAllowedUri: (url, ctx) => ctx.defaultValidate(url) && safeHref(url) !== null,
      },
    }),
    // Footnotes, tables, figures, recommendations (issue 17).
    ...reportContentExtensions(),
    UniqueID.configure({
      types: [...BLOCK_NODE_TYPES],
      attributeName: BLOCK_ID_ATTR,
      ...(options.filterTransaction ? { filterTransaction: options.filterTransaction } : {}),
      ...(options.generateId ? { generateID: options.generateId } : {}),
    }),
  ];
}
