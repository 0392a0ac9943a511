/**
 * The editor's extension list: the shared schema list (never edited here, or
 * the server would drop what it does not know) plus behaviour only:
 * collaboration and carets. Later features add theirs through `extra`, e.g. the
 * consensus gutter (a ProseMirror decoration plugin keyed by block id).
 */
import { Extension, type Extensions } from '@tiptap/core';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import { QuietCollaborationCaret, providerHearingOthersOnly } from './quiet-caret';
import { providerWithCappedCarets } from './capped-carets';
import { concordExtensions, Y_FRAGMENT_NAME } from '@concord/shared';
import type * as Y from 'yjs';
import { UndoSelectionFix } from './undo-selection-fix.js';
import { CaretAtStart } from './caret-at-start.js';
import type { WebsocketProvider } from 'y-websocket';
import { installIncrementalSync } from './y-binding/incremental-sync.js';
import { installDecorationLookup } from './decoration-lookup.js';
import { topLevelUpdatePlugin } from './top-level-update.js';
import { AppendGuards } from './append-guards.js';
import { OutsideReactSelection } from './outside-react-selection.js';
import { TypedCharacters } from './typed-characters.js';
import { KeepNodeViews } from './keep-node-views.js';
import { HeldBlockSize } from './held-block-size.js';

// Remote changes touch only the blocks they changed (see y-binding/README.md).
installIncrementalSync();
// The view finds each top-level block's decorations without scanning every decoration (decoration-lookup.ts).
installDecorationLookup();

export interface EditorExtensionOptions {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Shown on my caret to others. The server overwrites it from my session anyway. */
  user: { name: string; color: string };
  /** Behaviour-only extensions added by later features (no schema changes). */
  extra?: Extensions;
}

export function editorExtensions({ doc, provider, user, extra = [] }: EditorExtensionOptions): Extensions {
  return [
    // Ids arriving from peers must not be re-minted, or they churn between peers.
    ...concordExtensions({ filterTransaction: (tr) => !isChangeOrigin(tr) }),
    Collaboration.configure({ document: doc, field: Y_FRAGMENT_NAME }),
    // Carets drawn for a bounded number of people (issue 12 #7); the presence list shows everyone.
    // They are redrawn when someone else's presence changes, not when mine does (issue 11).
    QuietCollaborationCaret.configure({
      provider: providerWithCappedCarets(providerHearingOthersOnly(provider)),
      user,
      render: renderCaret,
    }),
    UndoSelectionFix,
    // A document arriving from the server into an empty editor opens with the caret at its start.
    CaretAtStart,
    // The view updates the changed top-level blocks, not all ~1,700 (top-level-update.ts).
    TopLevelUpdate,
    // Unique ids, tables, autolink: their whole-document scans only for changes that concern them (append-guards.ts).
    AppendGuards,
    // React's commits do not walk the whole editor to save a selection ProseMirror keeps itself (outside-react-selection.ts).
    OutsideReactSelection,
    // A typed character is inserted by the editor, not by the browser and read back (typed-characters.ts).
    TypedCharacters,
    // The document is drawn once at open: React's mount does not redraw it for node views (keep-node-views.ts).
    KeepNodeViews,
    // The block typed in is laid out alone while its lines stay as they are (held-block-size.ts).
    HeldBlockSize,
    ...extra,
  ];
}

/** The view's update of the document's top level, limited to the blocks that changed. */
export const TopLevelUpdate = Extension.create({
  name: 'concordTopLevelUpdate',
  addProseMirrorPlugins: () => [topLevelUpdatePlugin()],
});

/** The stock caret, with the label built from text nodes only (names are user data). */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : 'transparent';
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name : '';
  caret.append(label);
  return caret;
}
