/**
 * Plugins' `appendTransaction` hooks that look at the whole document on every
 * transaction, run only when the transaction can concern them (issue 11).
 *
 * Four hooks of the editor's stack start each transaction by comparing the old
 * and new documents as a whole: TipTap's unique ids and autolink
 * (`oldState.doc.eq(newState.doc)`, then re-applying the steps to find the
 * changed ranges), TipTap's clear-document rule (`doc.eq`) and prosemirror-tables'
 * `fixTables` (every top-level child compared by identity). On the 150-page
 * report that is ~1,700 top-level blocks compared, two or three times, for a
 * keystroke that changed one paragraph — and none of them acts on it:
 *  - unique ids act on a block with no id, or one added, removed, split or joined:
 *    a change that reaches a block's edge (`touches`, changed-ranges.ts);
 *  - tables are fixed when a table lies in the changed ranges;
 *  - autolink acts when the changed text ends in whitespace, or spans blocks:
 *    typing a letter or digit inside one textblock cannot complete a link;
 *  - clear-document acts when the whole document was selected (a selection).
 *
 * When a transaction cannot concern a hook, the hook is still called, but with
 * the old state's document swapped for the new one: it sees "no document
 * change", skips its scan and does what it does regardless of the document
 * (tables normalize a cell selection; unique ids' first ids from Yjs).
 *
 * The plugins come from the shared extension list (the server builds its schema
 * from it too), so the client wraps their specs on its own editor's plugins
 * (`plugin.spec.appendTransaction` is read on every transaction).
 */
import { Extension } from '@tiptap/core';
import { BLOCK_ID_ATTR, isBlockNodeType } from '@concord/shared';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { tableEditingKey } from '@tiptap/pm/tables';
import { Mapping } from '@tiptap/pm/transform';
import { changedRanges, reachesEdge, touches, type Touch } from './changed-ranges';

type Append = (transactions: readonly Transaction[], oldState: EditorState, newState: EditorState) => Transaction | null | undefined;

interface Guard {
  name: GuardName;
  matches(plugin: Plugin): boolean;
  /** Whether the hook may act on these transactions; false only when it cannot. */
  concerns(transactions: readonly Transaction[], oldState: EditorState, newState: EditorState): boolean;
}

type GuardName = 'uniqueIds' | 'tables' | 'autolink' | 'clearDocument';

/** For the tests: per hook, calls that ran its document scan and calls that were spared it. */
export const appendGuardCounters: Record<GuardName, { scanned: number; spared: number }> = {
  uniqueIds: { scanned: 0, spared: 0 },
  tables: { scanned: 0, spared: 0 },
  autolink: { scanned: 0, spared: 0 },
  clearDocument: { scanned: 0, spared: 0 },
};

/** TipTap names a plugin key "name$", then "name$1", … for each editor built. */
function keyNamed(name: string): (plugin: Plugin) => boolean {
  const pattern = new RegExp(`^${name}\\$\\d*$`);
  return (plugin) => pattern.test((plugin as unknown as { key: string }).key);
}

/** A node whose id the unique-id hook would set or change: a block without id, or one whose edge the change reaches. */
function idVisit(node: PMNode, pos: number, from: number, to: number): Touch {
  if (node.isText) return 'skip';
  if (!isBlockNodeType(node.type.name)) return 'descend';
  return node.attrs[BLOCK_ID_ATTR] == null || reachesEdge(node, pos, from, to) ? 'touched' : 'descend';
}

function tableVisit(node: PMNode): Touch {
  if (node.type.spec.tableRole === 'table') return 'touched';
  return node.isTextblock || node.isText ? 'skip' : 'descend';
}

/**
 * Whether autolink could act: it looks at each changed range of the new document and acts when
 * the range covers more than one textblock or its text ends in whitespace. Here any range not
 * inside one textblock, or whose last character is not a letter or digit, counts (a superset).
 */
function couldCompleteLink(transactions: readonly Transaction[], newState: EditorState): boolean {
  const mapping = new Mapping();
  for (const tr of transactions) for (const map of tr.mapping.maps) mapping.appendMap(map);
  const doc = newState.doc;
  return changedRanges({ mapping, doc }).some(({ from, to }) => {
    const $from = doc.resolve(from);
    if (!$from.parent.isTextblock || to > $from.end()) return true;
    if (from === to) return false;
    const text = doc.textBetween(from, to, ' ', ' ');
    return !/[\p{L}\p{N}]$/u.test(text);
  });
}

const guards: Guard[] = [
  {
    name: 'uniqueIds',
    matches: keyNamed('uniqueID'),
    // Transactions from Yjs take the hook's own branch, which never compares documents.
    concerns: (trs) => trs.some((tr) => !tr.getMeta('y-sync$') && touches(tr, idVisit)),
  },
  {
    name: 'tables',
    matches: (plugin) => plugin.spec.key === tableEditingKey,
    concerns: (trs) => trs.some((tr) => touches(tr, tableVisit)),
  },
  { name: 'autolink', matches: keyNamed('autolink'), concerns: (trs, _old, next) => couldCompleteLink(trs, next) },
  { name: 'clearDocument', matches: keyNamed('clearDocument'), concerns: (_trs, old) => !old.selection.empty },
];

/** The old state as the hook reads it when nothing it cares about changed: the same document as the new one. */
function withNewDoc(oldState: EditorState, newState: EditorState): EditorState {
  return Object.create(oldState, { doc: { value: newState.doc } }) as EditorState;
}

const guarded = new WeakSet<object>();

/** Wraps the hooks of these plugins once (the same spec objects are kept when the view reconfigures). */
function guardAppendTransactions(plugins: readonly Plugin[]): void {
  for (const plugin of plugins) {
    const spec = plugin.spec as { appendTransaction?: Append };
    const original = spec.appendTransaction;
    if (!original || guarded.has(spec)) continue;
    const guard = guards.find((g) => g.matches(plugin));
    if (!guard) continue;
    guarded.add(spec);
    const counts = appendGuardCounters[guard.name];
    spec.appendTransaction = function (this: Plugin, transactions, oldState, newState) {
      if (guard.concerns(transactions, oldState, newState)) {
        counts.scanned++;
        return original.call(this, transactions, oldState, newState);
      }
      counts.spared++;
      return original.call(this, transactions, withNewDoc(oldState, newState), newState);
    };
  }
}

/** Guards the editor's plugins when its view is built, and again when its plugins change. */
export const AppendGuards = Extension.create({
  name: 'concordAppendGuards',
  addProseMirrorPlugins: () => {
    let seen: readonly Plugin[] | null = null;
    const guard = (state: EditorState) => {
      if (state.plugins === seen) return;
      seen = state.plugins;
      guardAppendTransactions(state.plugins);
    };
    return [
      new Plugin({
        key: new PluginKey('concordAppendGuards'),
        view: (view) => {
          guard(view.state);
          return { update: (v) => guard(v.state) };
        },
      }),
    ];
  },
});
