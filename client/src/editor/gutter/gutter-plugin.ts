/**
 * The status gutter as ProseMirror decorations: one node decoration per block
 * carrying its status classes and marker attributes (the marker itself is the
 * block's CSS `::before`, see marker.ts; filters dim through the same classes).
 *
 * Typing must stay instant on a 1,500-block report, and ProseMirror's view
 * looks up each top-level child's decorations with a scan of the set — so a
 * decoration on every block costs O(blocks²) per keystroke. Only the blocks
 * around the viewport are decorated (a margin either side, following the
 * scroll, see viewport.ts); statuses are still computed for the whole document.
 * Within that window a keystroke works out the rows of the top-level node it
 * changed only, and the set is patched, not mapped or rebuilt
 * (window-decorations.ts); the window is rebuilt when blocks are added or
 * removed, when it moves, and when votes, filter or open block change.
 */
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Mapping } from '@tiptap/pm/transform';
import type { ConsensusStore } from '../../consensus/consensus-store';
import { rowContext } from './gutter-rows';
import { markerHit } from './marker';
import { followViewport, windowOf, type Viewport } from './viewport';
import { patchWindow, rebuildWindow, type WindowDecorations } from './window-decorations';

export { gutterRowsComputed } from './gutter-rows';

export const gutterKey = new PluginKey<GutterState>('consensusGutter');

export interface GutterState extends WindowDecorations {
  /** The visible part of the document (positions), mapped through changes; null until measured. */
  viewport: Viewport | null;
}

type GutterMeta = 'refresh' | { viewport: Viewport };

export function gutterPlugin(store: ConsensusStore): Plugin<GutterState> {
  return new Plugin<GutterState>({
    key: gutterKey,
    state: {
      init: (_config, state) => {
        store.scheduleView(state.doc);
        return { ...rebuildWindow(rowContext(store), state.doc, windowOf(state.doc, null), null, false), viewport: null };
      },
      apply: (tr, previous, _oldState, state) => {
        const meta = tr.getMeta(gutterKey) as GutterMeta | undefined;
        if (!tr.docChanged && meta === undefined) return previous;
        let viewport = previous.viewport && tr.docChanged ? mapViewport(previous.viewport, tr.mapping, state.doc) : previous.viewport;
        if (meta && typeof meta === 'object') viewport = meta.viewport;
        // The whole-document view (panels, outline, counts) follows in idle time; the gutter needs only its window.
        store.scheduleView(state.doc);
        const ctx = rowContext(store);
        const patched = meta === undefined ? patchWindow(ctx, previous, tr.mapping, tr.before, state.doc, viewport) : null;
        const decorated = patched ?? rebuildWindow(ctx, state.doc, windowOf(state.doc, viewport), previous, meta === 'refresh');
        return { ...decorated, viewport };
      },
    },
    props: {
      decorations: (state) => gutterKey.getState(state)?.decorations ?? null,
      attributes: { class: 'cg-host' },
      handleDOMEvents: {
        mousedown: (_view, event) => {
          const blockId = markerHit(event);
          if (!blockId) return false;
          // The marker is not text: keep the selection where it is.
          event.preventDefault();
          store.openDetails(blockId);
          return true;
        },
      },
    },
    view: (view) => {
      const refresh = (meta: GutterMeta) => {
        if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(gutterKey, meta).setMeta('addToHistory', false));
      };
      // Votes, rule, members, filter or open block changed: redecorate (only what changed).
      const offModel = store.onModelChange(() => refresh('refresh'));
      const viewport = followViewport(
        view,
        () => gutterKey.getState(view.state)?.window ?? null,
        (measured) => refresh({ viewport: measured }),
      );
      return {
        update: () => viewport.update(),
        destroy: () => {
          offModel();
          viewport.destroy();
        },
      };
    },
  });
}

/** A remote change replaces the whole document: keep the old numbers rather than map them to nothing. */
function mapViewport(viewport: Viewport, mapping: Mapping, doc: PMNode): Viewport {
  const size = doc.content.size;
  const from = mapping.mapResult(viewport.from, -1);
  const to = mapping.mapResult(viewport.to, 1);
  return { from: from.deleted ? Math.min(viewport.from, size) : from.pos, to: to.deleted ? Math.min(viewport.to, size) : to.pos };
}
