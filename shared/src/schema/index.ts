import { getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { concordExtensions } from './extensions.js';

export * from './blocks.js';
export * from './extensions.js';
export * from './image-hash.js';

let cached: Schema | undefined;

/** The ProseMirror schema shared by client and server (built once, cached). */
export function concordSchema(): Schema {
  cached ??= getSchema(concordExtensions());
  return cached;
}
