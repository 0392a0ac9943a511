/**
 * A frozen copy of the gutter's decorations as round 13 worked them out (rows of the whole
 * window rebuilt, positions and the set mapped on every change): the oracle `gutter-plugin.test.ts`
 * holds the patched window of round 14 to, decoration for decoration, through random edits.
 * Frozen on purpose: it is slow but simple enough to trust, and it must not follow the plugin's
 * changes, or the test would compare the plugin with itself. Change it only when what the gutter
 * is meant to show changes (a class, an attribute), never for speed.
 *
 * Test code (the `test-` name): only that test imports it. Vite bundles what index.html reaches,
 * so it never ships; knip's production mode leaves the client's test-*.ts out (knip.config.ts).
 */
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Mapping } from '@tiptap/pm/transform';
import type { BlockConsensus } from '@concord/shared';
import type { ConsensusStore } from '../../consensus/consensus-store';
import { matchesFilter, myStance, type MyStance } from '../../consensus/review';
import type { PlacedBlock } from './blocks-at';
import { markerAttrs } from './marker';
import { blocksInWindow, windowOf, type BlockWindow, type Viewport } from './viewport';

export const referenceKey = new PluginKey<GutterState>('referenceGutter');

/** Above this many changed blocks, building a fresh set is cheaper than patching. */
const MAX_PATCHED = 64;

interface Placed {
  sig: string;
  node: PMNode;
  pos: number;
  row: Row;
}

interface GutterState {
  decorations: DecorationSet;
  placed: Map<string, Placed>;
  /** The visible part of the document (positions), mapped through changes; null until measured. */
  viewport: Viewport | null;
  /** Indexes of the first and last decorated top-level node. */
  window: BlockWindow;
  /** Blocks whose decoration the last update replaced (tests, benchmark). */
  lastChanged: number;
}

type GutterMeta = 'refresh' | { viewport: Viewport };

interface Row {
  key: string;
  id: string | null;
  path: readonly string[];
  pos: number;
  node: PMNode;
  consensus: BlockConsensus | null;
  mine: MyStance;
  sig: string;
}

/** The decorations only: no plugin view (the tests set the viewport with a meta, as the view does). */
export function referenceGutterPlugin(store: ConsensusStore, metaKey: PluginKey): Plugin<GutterState> {
  return new Plugin<GutterState>({
    key: referenceKey,
    state: {
      init: (_config, state) => decorate(store, state.doc, null, null, null),
      apply: (tr, previous, _oldState, state) => {
        const meta = tr.getMeta(metaKey) as GutterMeta | undefined;
        if (!tr.docChanged && meta === undefined) return previous;
        let viewport = previous.viewport && tr.docChanged ? mapViewport(previous.viewport, tr.mapping, state.doc) : previous.viewport;
        if (meta && typeof meta === 'object') viewport = meta.viewport;
        return decorate(store, state.doc, previous, tr.docChanged ? tr.mapping : null, viewport);
      },
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

function decorate(
  store: ConsensusStore,
  doc: PMNode,
  previous: GutterState | null,
  mapping: Mapping | null,
  viewport: Viewport | null,
): GutterState {
  const win = windowOf(doc, viewport);
  // A plain document change (no new votes, filter or window: those come as their own transactions)
  // leaves the rows of untouched blocks as they were: same node, same place after the mapping.
  const reuse =
    previous && mapping
      ? (key: string, node: PMNode, pos: number): Row | undefined => {
          const prev = previous.placed.get(key);
          // Nested blocks: a list can change type around an unchanged paragraph (its marker's indent follows).
          if (!prev || prev.node !== node || prev.row.path.length > 0) return undefined;
          const mapped = mapping.mapResult(prev.pos, 1);
          return !mapped.deleted && mapped.pos === pos ? { ...prev.row, pos } : undefined;
        }
      : undefined;
  const rows = rowsOf(store, doc, blocksInWindow(doc, win), reuse);
  const placed = new Map<string, Placed>();
  for (const row of rows) placed.set(row.key, { sig: row.sig, node: row.node, pos: row.pos, row });
  const state = { placed, viewport, window: win };

  const changed = previous ? changedRows(rows, previous.placed, mapping) : null;
  if (!previous || !changed || changed.length > MAX_PATCHED) {
    return {
      ...state,
      decorations: DecorationSet.create(
        doc,
        rows.flatMap((row) => decorationsFor(store, row)),
      ),
      lastChanged: rows.length,
    };
  }
  let set = mapping ? previous.decorations.map(mapping, doc) : previous.decorations;
  if (changed.length > 0) {
    const stale: Decoration[] = [];
    for (const row of changed) {
      const end = row.pos + row.node.nodeSize;
      for (const d of set.find(row.pos, end)) if (d.from >= row.pos && d.to <= end) stale.push(d);
    }
    set = set.remove(stale).add(
      doc,
      changed.flatMap((row) => decorationsFor(store, row)),
    );
  }
  return { ...state, decorations: set, lastChanged: changed.length };
}

/**
 * The rows whose decorations must be replaced, or null when the decorated
 * blocks themselves changed (a key appeared or went) and only a rebuild is safe.
 */
function changedRows(rows: Row[], before: Map<string, Placed>, mapping: Mapping | null): Row[] | null {
  if (rows.length !== before.size) return null;
  const changed: Row[] = [];
  for (const row of rows) {
    const prev = before.get(row.key);
    if (!prev) return null;
    let pos = prev.pos;
    if (mapping) {
      const mapped = mapping.mapResult(prev.pos, 1);
      pos = mapped.deleted ? -1 : mapped.pos;
    }
    if (prev.node !== row.node || prev.sig !== row.sig || pos !== row.pos) changed.push(row);
  }
  return changed;
}

function rowsOf(
  store: ConsensusStore,
  doc: PMNode,
  blocks: readonly PlacedBlock[],
  reuse?: (key: string, node: PMNode, pos: number) => Row | undefined,
): Row[] {
  const ready = store.isReady;
  const filter = store.currentFilter;
  const openId = store.openBlock?.blockId ?? null;
  const isCommissioner = store.isCommissioner;
  const needed = store.needed;
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const { id, pos, node } of blocks) {
    let key = id ?? `@${pos}`;
    if (seen.has(key)) key = `${key}@${pos}`;
    seen.add(key);
    const kept = reuse?.(key, node, pos);
    if (kept) {
      rows.push(kept);
      continue;
    }
    const consensus = ready ? store.blockConsensus(node, id) : null;
    const mine = consensus ? myStance(consensus, store.me, isCommissioner) : null;
    const path = containersAt(doc, pos);
    const dim = consensus ? !matchesFilter(filter, consensus, mine) : filter !== 'all';
    const sig = consensus
      ? [
          consensus.status,
          consensus.stale,
          consensus.agree,
          consensus.dispute,
          consensus.staleVotes,
          needed,
          mine,
          dim,
          id === openId,
          path.join('/'),
        ].join('|')
      : `loading|${dim}|${path.join('/')}`;
    rows.push({ key, id, path, pos, node, consensus, mine, sig });
  }
  return rows;
}

const NO_PATH: readonly string[] = Object.freeze([]);

/** Container types from the root down to the block at `pos` (lists, quotes): they set the marker's indent. */
function containersAt(doc: PMNode, pos: number): readonly string[] {
  const $pos = doc.resolve(pos);
  if ($pos.depth === 0) return NO_PATH;
  const path: string[] = [];
  for (let depth = 1; depth <= $pos.depth; depth++) path.push($pos.node(depth).type.name);
  return path;
}

function decorationsFor(store: ConsensusStore, row: Row): Decoration[] {
  const { consensus } = row;
  const { classes, attrs } = markerAttrs({ blockId: row.id, consensus, needed: store.needed, mine: row.mine, path: row.path });
  classes.unshift('cg-block');
  const dim = consensus ? !matchesFilter(store.currentFilter, consensus, row.mine) : store.currentFilter !== 'all';
  if (dim) classes.push('cg-block--dim');
  if (row.id !== null && row.id === store.openBlock?.blockId) classes.push('cg-block--active');
  return [Decoration.node(row.pos, row.pos + row.node.nodeSize, { ...attrs, class: classes.join(' ') }, { cg: true })];
}
