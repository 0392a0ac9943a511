/**
 * The consensus gutter as a TipTap extension: the decoration plugin, the
 * keyboard shortcuts, and the store in `editor.storage.consensusGutter` so the
 * outline and panels can find it from the editor.
 */
import { Extension, type Editor, type KeyboardShortcutCommand } from '@tiptap/core';
import type { ConsensusStore } from '../../consensus/consensus-store';
import { consensusStoreFor } from '../../consensus/store-registry';
import type { DocSession } from '../../sync/doc-session';
import { SHORTCUTS } from '../../consensus/shortcuts';
import { agreeAtCursor, disputeAtCursor, goToNextNeedingReview } from './actions';
import { gutterPlugin } from './gutter-plugin';
import { revealPlugin } from './reveal';
import '../../app/styles/consensus.css';

interface GutterOptions {
  store: ConsensusStore | null;
}

const ConsensusGutter = Extension.create<GutterOptions, { store: ConsensusStore | null }>({
  name: 'consensusGutter',
  addOptions: () => ({ store: null }),
  addStorage() {
    return { store: this.options.store };
  },
  addProseMirrorPlugins() {
    return this.options.store ? [gutterPlugin(this.options.store), revealPlugin()] : [];
  },
  addKeyboardShortcuts(): Record<string, KeyboardShortcutCommand> {
    const store = this.options.store;
    if (!store) return {};
    return {
      [SHORTCUTS.agree.keys]: () => agreeAtCursor(this.editor, store),
      [SHORTCUTS.dispute.keys]: () => disputeAtCursor(this.editor, store),
      [SHORTCUTS.next.keys]: () => goToNextNeedingReview(this.editor, store),
    };
  },
});

/** The store behind an editor's gutter, if it has one. */
export function consensusStoreOf(editor: Editor | null): ConsensusStore | null {
  if (!editor || editor.isDestroyed) return null;
  const storage = (editor.storage as unknown as Record<string, { store?: ConsensusStore | null } | undefined>).consensusGutter;
  return storage?.store ?? null;
}

/** The gutter for an open document (features.ts): one store per session. */
export function consensusGutter(session: DocSession) {
  return ConsensusGutter.configure({ store: consensusStoreFor(session) });
}
