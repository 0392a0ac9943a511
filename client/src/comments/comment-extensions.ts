/**
 * What comments add to the editor (see editor/features.ts): paragraph markers
 * for open threads, the highlight when jumping to a paragraph, and links into
 * the document. Behaviour only, no schema.
 */
import { Extension, type Extensions } from '@tiptap/core';
import type { DocSession } from '../sync/doc-session';
import { threadStoreFor } from './thread-store';
import { threadMarkersPlugin } from './thread-markers';

export function commentExtensions(session: DocSession): Extensions {
  const store = threadStoreFor(session);
  return [
    Extension.create({
      name: 'concordComments',
      addProseMirrorPlugins: () => [threadMarkersPlugin(store)],
    }),
  ];
}
