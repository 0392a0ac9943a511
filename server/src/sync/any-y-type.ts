import type * as Y from 'yjs';

/**
 * Any Yjs shared type (fragment, element, text, map, array). AbstractType is
 * invariant in its event type — it both emits events and accepts handlers of
 * them — so neither `unknown` nor `never` admits all of them at once; Yjs
 * itself writes `AbstractType<any>` for the same reason. Code that walks the
 * tree only reads `_item`, `parent` and children, never the events.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place the invariance above is waived
export type AnyYType = Y.AbstractType<any>;
