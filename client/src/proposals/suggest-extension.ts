/**
 * Suggesting mode and the cost-of-an-edit warning, as one TipTap extension:
 *
 * - In Suggesting mode, typing in a paragraph never changes it: the keystroke
 *   starts (or continues) a draft proposal for that block, written in the
 *   proposal card in the margin and previewed inline as tracked changes.
 * - In Editing mode, the first keystroke in a block that has current agreement
 *   is held back and the person is told how many agreements it sets aside
 *   (C31), with "Suggest instead" on offer.
 * - Open proposals are shown to everyone under their block as tracked changes
 *   (insertions underlined, deletions struck through) in the proposer's colour.
 */
import { Extension, type Editor } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import { agreementsSetAsideByEdit, fingerprintBlock, isBlockNodeType, wordDiff } from '@concord/shared';
import type { ConsensusStore } from '../consensus/consensus-store';
import type { ProposalStore } from './proposal-store';
import { trackedChangeElement } from './tracked-dom';
import { draftTextOf } from './draft-node';

const key = new PluginKey<DecorationSet>('concordProposals');

interface BlockAt {
  node: PMNode;
  id: string;
  /** Document position just before the block. */
  pos: number;
}

function blockAt(state: EditorState, pos: number): BlockAt | null {
  const $pos = state.doc.resolve(pos);
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (isBlockNodeType(node.type.name)) {
      const id = node.attrs.id as unknown;
      return typeof id === 'string' && id ? { node, id, pos: $pos.before(depth) } : null;
    }
  }
  return null;
}

/** Text offsets of a document range inside a block (hard breaks count one, as in the text). */
function offsets(block: BlockAt, from: number, to: number): [number, number] {
  const start = block.pos + 1;
  return [Math.max(0, from - start), Math.max(0, Math.min(block.node.content.size, to - start))];
}

export function proposalExtension(store: ProposalStore, consensus: ConsensusStore | null) {
  const startDraft = (block: BlockAt, from: number, to: number, insert: string, backspace = false) => {
    const text = draftTextOf(block.node);
    const [start, b] = offsets(block, from, to);
    const a = backspace && start === b ? Math.max(0, start - 1) : start;
    store.startDraft({
      blockId: block.id,
      kind: block.node.type.name as 'paragraph' | 'heading',
      level: typeof block.node.attrs.level === 'number' ? (block.node.attrs.level as number) : null,
      base: fingerprintBlock(block.node),
      baseText: text,
      text: text.slice(0, a) + insert + text.slice(b),
      caret: a + insert.length,
      baseNode: block.node,
    });
  };

  /** True when the keystroke was taken over (suggested, or held back for the warning). */
  const intercept = (view: EditorView, from: number, to: number, insert: string, apply: () => void, backspace = false): boolean => {
    if (!view.editable) return false;
    const block = blockAt(view.state, from);
    if (!block) return false;
    if (store.getSnapshot().mode === 'suggesting') {
      startDraft(block, from, to, insert, backspace);
      return true;
    }
    const agreements = consensus ? agreementsSetAsideByEdit(consensus.blockConsensus(block.node, block.id)) : 0;
    if (agreements === 0 || store.isConfirmed(block.id, fingerprintBlock(block.node))) return false;
    store.warn({
      blockId: block.id,
      agreements,
      // The dialog had focus: the text gets it back, the held keystroke lands, typing goes on there.
      proceed: () => {
        view.focus();
        apply();
      },
      suggest: () => startDraft(block, from, to, insert, backspace),
    });
    return true;
  };

  return Extension.create<unknown, { store: ProposalStore }>({
    name: 'concordProposals',
    addStorage: () => ({ store }),
    addProseMirrorPlugins() {
      const editor = this.editor;
      return [
        new Plugin<DecorationSet>({
          key,
          state: {
            init: (_, state) => trackedChanges(state.doc, store),
            apply: (tr, set, _old, state) =>
              tr.getMeta(key) ? trackedChanges(state.doc, store) : tr.docChanged ? set.map(tr.mapping, tr.doc) : set,
          },
          // Suggesting: nothing typed here changes the shared text (remote changes still arrive).
          filterTransaction: (tr) => !(store.getSnapshot().mode === 'suggesting' && tr.docChanged && !isChangeOrigin(tr)),
          props: {
            decorations: (state) => key.getState(state),
            handleTextInput: (view, from, to, text) =>
              intercept(view, from, to, text, () => view.dispatch(view.state.tr.insertText(text, from, to))),
            handleKeyDown: (view, event) => {
              if (event.ctrlKey || event.metaKey || event.altKey) return false;
              if (event.key !== 'Backspace' && event.key !== 'Delete' && event.key !== 'Enter') return false;
              const { from, to } = selectionNow(view);
              const key = event.key;
              // Splitting an agreed paragraph changes its words too: asked first, like typing.
              if (key === 'Enter') return intercept(view, from, to, '\n', () => replayKey(editor, key));
              const forward = key === 'Delete' && from === to;
              return intercept(view, from, forward ? to + 1 : to, '', () => replayKey(editor, key), key === 'Backspace');
            },
            handlePaste: (view, event) => {
              if (store.getSnapshot().mode !== 'suggesting') return false;
              const { from, to } = view.state.selection;
              return intercept(view, from, to, event.clipboardData?.getData('text/plain') ?? '', () => {});
            },
          },
          view: (view) => ({
            destroy: store.subscribe(() => {
              if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, true).setMeta('addToHistory', false));
            }),
          }),
        }),
      ];
    },
  });
}

/**
 * The selection as the browser has it at this keydown. A caret moved by the
 * browser itself (Ctrl+Home, End) reaches ProseMirror only with the next
 * `selectionchange`, after this key; and once the warning takes focus that
 * event is ignored. So the held key would be replayed where the caret *was*.
 * Read the DOM selection and bring the editor's state to it first.
 */
function selectionNow(view: EditorView): { from: number; to: number } {
  const current = view.state.selection;
  const dom = view.dom.ownerDocument.getSelection();
  const { anchorNode, focusNode } = dom ?? {};
  if (!dom || !anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return current;
  try {
    const anchor = view.posAtDOM(anchorNode, dom.anchorOffset);
    const head = view.posAtDOM(focusNode, dom.focusOffset);
    if (anchor === current.anchor && head === current.head) return current;
    const { doc } = view.state;
    const selection = TextSelection.between(doc.resolve(anchor), doc.resolve(head));
    view.dispatch(view.state.tr.setSelection(selection).setMeta('addToHistory', false));
    return selection;
  } catch {
    return current; // a position inside a widget or caret: keep the editor's own
  }
}

/**
 * The key held back by the warning, pressed again once "Edit anyway" is chosen:
 * through the editor's keymaps (join paragraphs, split a list item …), and where
 * none takes it — a character deleted inside the text, which the browser itself
 * would have done — as that deletion.
 */
function replayKey(editor: Editor, key: 'Backspace' | 'Delete' | 'Enter'): void {
  const { view } = editor;
  // Not TipTap's keyboardShortcut command: it reports every key as handled.
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  if (view.someProp('handleKeyDown', (handle) => handle(view, event))) return;
  const { state } = view;
  const { from, empty, $from } = state.selection;
  if (!empty) return void view.dispatch(state.tr.deleteSelection().scrollIntoView());
  if (key === 'Backspace' && $from.parentOffset > 0) view.dispatch(state.tr.delete(from - 1, from).scrollIntoView());
  if (key === 'Delete' && $from.parentOffset < $from.parent.content.size) view.dispatch(state.tr.delete(from, from + 1).scrollIntoView());
}

/** One widget under each block with open proposals (and under the block of my draft). */
function trackedChanges(doc: PMNode, store: ProposalStore): DecorationSet {
  const { proposals, draft } = store.getSnapshot();
  const open = proposals.filter((p) => p.status === 'open');
  if (open.length === 0 && !draft) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!isBlockNodeType(node.type.name)) return true;
    const id = node.attrs.id as string | null;
    const here = open.filter((p) => p.blockId === id);
    const mine = draft && draft.blockId === id ? draft : null;
    if (here.length === 0 && !mine) return false;
    const items = here.map((p) => ({
      key: `${p.id}:${p.revision}:${p.outdated}`,
      who: p.authorName,
      color: p.authorColor,
      parts: p.changes,
      outdated: p.outdated,
      id: p.id,
    }));
    if (mine)
      items.push({
        key: `draft:${mine.text}`,
        who: 'Your draft',
        color: null,
        parts: wordDiff(mine.baseText, mine.text),
        outdated: false,
        id: 'draft',
      });
    decorations.push(
      Decoration.widget(pos + node.nodeSize, () => trackedChangeElement(items), {
        side: -1,
        key: `tc:${id}:${items.map((i) => i.key).join('|')}`,
        ignoreSelection: true,
      }),
    );
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/** The proposal store behind an editor, if it has the extension (the toolbar toggle finds it here). */
export function proposalStoreOf(editor: { isDestroyed: boolean; storage: unknown } | null): ProposalStore | null {
  if (!editor || editor.isDestroyed) return null;
  return (editor.storage as Record<string, { store?: ProposalStore } | undefined>).concordProposals?.store ?? null;
}
