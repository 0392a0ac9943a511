/**
 * What the gutter shows on each block of one top-level node: its status, my stance, the filter's
 * dimming, the containers that indent its marker — and the attributes of its node decoration.
 * Worked out per top-level node, so a keystroke works out the rows of the node it changed only.
 */
import { isBlockNodeType, type BlockConsensus } from '@concord/shared';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { ConsensusStore } from '../../consensus/consensus-store';
import { matchesFilter, myStance, type ConsensusFilter, type MyStance } from '../../consensus/review';
import { blockIdOfNode } from './blocks-at';
import { markerAttrs } from './marker';

export interface Row {
  id: string | null;
  /** Position of the block relative to the start of its top-level node (0: the node itself). */
  offset: number;
  node: PMNode;
  consensus: BlockConsensus | null;
  mine: MyStance;
  /** Greyed out: the block does not match the gutter's filter. */
  dim: boolean;
  /** Container types from the root down to the block (lists, quotes): they set the marker's indent. */
  path: readonly string[];
  /** Everything the decoration shows: equal signatures, equal decorations. */
  sig: string;
}

/** What every row of one update reads from the store, read once. */
export interface RowContext {
  store: ConsensusStore;
  ready: boolean;
  filter: ConsensusFilter;
  openId: string | null;
  isCommissioner: boolean;
  needed: number;
}

export function rowContext(store: ConsensusStore): RowContext {
  return {
    store,
    ready: store.isReady,
    filter: store.currentFilter,
    openId: store.openBlock?.blockId ?? null,
    isCommissioner: store.isCommissioner,
    needed: store.needed,
  };
}

/** Rows worked out afresh (block status, containers) since the page loaded: the typing-cost test counts them. */
let rowsComputed = 0;
export function gutterRowsComputed(): number {
  return rowsComputed;
}

const NO_PATH: readonly string[] = Object.freeze([]);

/** The rows of the blocks in a top-level node: the node itself, or the paragraphs and headings nested in it. */
export function rowsOfTop(ctx: RowContext, top: PMNode): Row[] {
  if (isBlockNodeType(top.type.name)) return [rowOf(ctx, top, 0, NO_PATH)];
  const rows: Row[] = [];
  const walk = (parent: PMNode, contentStart: number, path: readonly string[]) => {
    parent.forEach((child, childOffset) => {
      const offset = contentStart + childOffset;
      if (isBlockNodeType(child.type.name)) rows.push(rowOf(ctx, child, offset, path));
      else if (!child.isLeaf) walk(child, offset + 1, [...path, child.type.name]);
    });
  };
  walk(top, 1, [top.type.name]);
  return rows;
}

function rowOf(ctx: RowContext, node: PMNode, offset: number, path: readonly string[]): Row {
  rowsComputed++;
  const id = blockIdOfNode(node);
  const consensus = ctx.ready ? ctx.store.blockConsensus(node, id) : null;
  const mine = consensus ? myStance(consensus, ctx.store.me, ctx.isCommissioner) : null;
  const dim = consensus ? !matchesFilter(ctx.filter, consensus, mine) : ctx.filter !== 'all';
  const sig = consensus
    ? [
        consensus.status,
        consensus.stale,
        consensus.agree,
        consensus.dispute,
        consensus.staleVotes,
        ctx.needed,
        mine,
        dim,
        id === ctx.openId,
        path.join('/'),
      ].join('|')
    : `loading|${dim}|${path.join('/')}`;
  return { id, offset, node, consensus, mine, dim, path, sig };
}

/** The attributes of a row's node decoration: status classes and the marker's attributes. */
export function decorationAttrs(ctx: RowContext, row: Row): Record<string, string> {
  const { consensus } = row;
  const { classes, attrs } = markerAttrs({ blockId: row.id, consensus, needed: ctx.needed, mine: row.mine, path: row.path });
  classes.unshift('cg-block');
  if (row.dim) classes.push('cg-block--dim');
  if (row.id !== null && row.id === ctx.openId) classes.push('cg-block--active');
  return { ...attrs, class: classes.join(' ') };
}
