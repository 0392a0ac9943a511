/**
 * The caret extension, with my own caret recomputed only when I moved it.
 *
 * y-tiptap's caret plugin, on every editor update, turns my selection into
 * Yjs relative positions (a walk from the top of the document to the caret)
 * and, after every remote change, re-announces it to everyone even when it did
 * not change ("force"). With five people typing on a 150-page report that is a
 * walk per remote keystroke and caret move, and a presence message per remote
 * keystroke fanned out to the whole commission (0.35 s of an 8 s typing
 * profile, issue 11). Neither is needed:
 *  - an update that changed neither the document nor the selection (another
 *    person's caret moved, a gutter refresh) cannot move my caret;
 *  - a remote change cannot move it either, in Yjs terms: a relative position
 *    stays attached to its character, and where that character was deleted it
 *    resolves to the deletion point — where ProseMirror's mapping has put my
 *    caret too. So there is nothing new to announce.
 * My own edits and selection changes are announced once a frame, after the
 * frame that paints them (a 'draw' task of the frame scheduler, below): the
 * selection as it is then, so several changes in one frame are one announcement,
 * and the awareness update (~0.1-0.2 ms a key, with its listeners) is not in
 * the keystroke's way to the screen. Focus changes (the plugin listens for those
 * itself) are announced at once, as before.
 *
 * Other people's carets are redrawn at most once a frame, and not for a change
 * of my own presence. y-tiptap's plugin redraws every caret (a transaction, a
 * view update walking the report's top-level blocks) 0 ms after each awareness
 * change — my own caret's included, though it never draws mine: one extra view
 * update after each of my keystrokes, before its paint. Here the redraw is a
 * 'draw' task of the frame scheduler (sync/frame-scheduler.ts), skipped when
 * other people's edits applied in the same frame already redrew the carets
 * (y-tiptap redraws them on every remote change, from the awareness as it is
 * then, and the inbox applies presence before the edits).
 */
import CollaborationCaret, { type CollaborationCaretOptions } from '@tiptap/extension-collaboration-caret';
import { Plugin, type EditorState } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { Awareness } from 'y-protocols/awareness';
import { yCursorPluginKey, ySyncPluginKey } from '@tiptap/y-tiptap';
import { remoteFrames, type FrameScheduler } from '../sync/frame-scheduler';
import { overriding } from './overriding';

/** For the typing-cost and inbox tests: updates that computed my caret's position; redraws of the others' carets. */
export const caretCounters = { recomputed: 0, redrawn: 0 };

function isRemoteChange(state: EditorState): boolean {
  return !!(ySyncPluginKey.getState(state) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin;
}

function movedByMe(state: EditorState, prev: EditorState): boolean {
  if (state.doc === prev.doc) return !state.selection.eq(prev.selection);
  return !isRemoteChange(state);
}

function quietCursorPlugin(plugin: Plugin, awareness: Awareness, frames: FrameScheduler): Plugin {
  const makeView = plugin.spec.view;
  if (!makeView) return plugin;
  return new Plugin({
    ...plugin.spec,
    view: (editorView: EditorView) => {
      // y-tiptap's own redraw listener does nothing for a view without `docView` (a view not yet
      // or no longer drawn); everything else it does goes to the real view.
      const inner = makeView(overriding(editorView, 'docView', null));
      let stale = false;
      let destroyed = false;
      let moved = false;
      // y-tiptap's update works out my caret from the view's state when it runs (the state it is
      // given only decides whether a remote change forces a re-announcement, never for my moves).
      const publish = () => {
        if (!moved || destroyed) return;
        moved = false;
        caretCounters.recomputed++;
        inner.update?.(editorView, editorView.state);
      };
      const redraw = () => {
        if (!stale || destroyed) return;
        stale = false;
        caretCounters.redrawn++;
        editorView.dispatch(editorView.state.tr.setMeta(yCursorPluginKey, { awarenessUpdated: true }));
      };
      const onChange = ({ added, updated, removed }: AwarenessChange) => {
        const mine = awareness.clientID;
        if (!added.some((id) => id !== mine) && !updated.some((id) => id !== mine) && !removed.some((id) => id !== mine)) return;
        stale = true;
        frames.schedule(redraw, 'draw');
      };
      awareness.on('change', onChange);
      return {
        update: (view: EditorView, prev: EditorState) => {
          // Other people's edits redrew every caret from the awareness as it is now.
          if (view.state.doc !== prev.doc && isRemoteChange(view.state)) stale = false;
          if (!movedByMe(view.state, prev) || moved) return;
          moved = true;
          frames.schedule(publish, 'draw');
        },
        destroy: () => {
          destroyed = true;
          awareness.off('change', onChange);
          inner.destroy?.();
        },
      };
    },
  });
}

interface QuietCaretOptions extends CollaborationCaretOptions {
  /** Where redraws are scheduled: the page's frames unless a test drives its own. */
  frames: FrameScheduler | null;
}

export const QuietCollaborationCaret = CollaborationCaret.extend<QuietCaretOptions>({
  addOptions() {
    return { ...(this.parent?.() as CollaborationCaretOptions), frames: null };
  },

  addProseMirrorPlugins() {
    const plugins = this.parent?.() ?? [];
    const awareness = (this.options.provider as { awareness: Awareness }).awareness;
    const frames = this.options.frames ?? remoteFrames();
    return plugins.map((plugin) =>
      (plugin.spec.key as unknown) === yCursorPluginKey ? quietCursorPlugin(plugin, awareness, frames) : plugin,
    );
  },
});

type Listener = (...args: unknown[]) => void;
interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * The provider as the caret plugin hears it: awareness `change` events that
 * concern only my own state are not passed on. The plugin answers every change
 * with a transaction that rebuilds everyone's caret decorations (each placed by
 * a walk from the top of the document) and a view update over every top-level
 * block — and my own caret changes with each of my keystrokes, although the
 * plugin never draws it. Other people's changes reach it as before.
 */
export function providerHearingOthersOnly<P extends { awareness: Awareness }>(provider: P): P {
  const real = provider.awareness;
  const wrappers = new WeakMap<Listener, Listener>();
  const on = (name: string, listener: Listener) => {
    if (name !== 'change') return real.on(name, listener);
    const wrapper: Listener = (...args) => {
      const change = args[0] as AwarenessChange;
      const mine = real.clientID;
      if (![change.added, change.updated, change.removed].some((ids) => ids.some((id) => id !== mine))) return;
      listener(...args);
    };
    wrappers.set(listener, wrapper);
    real.on('change', wrapper);
  };
  const off = (name: string, listener: Listener) => real.off(name, (name === 'change' && wrappers.get(listener)) || listener);
  const awareness = new Proxy(real, {
    get(target, prop) {
      if (prop === 'on') return on;
      if (prop === 'off') return off;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as Listener).bind(target) : value;
    },
  });
  return new Proxy(provider, {
    get(target, prop) {
      if (prop === 'awareness') return awareness;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as Listener).bind(target) : value;
    },
  });
}
