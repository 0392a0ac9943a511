/**
 * The gutter marker — ✓ 3/5, ✗ 1, ⚠ stale, ○ 0/5 — is drawn by CSS as the
 * block's own `::before`, from attributes a node decoration puts on the
 * paragraph or heading. No widget DOM inside the text: nothing extra for the
 * caret to trip over, nothing added to the block's text, and each marker is laid
 * out with its own block, so typing relays out one paragraph, not 1,500 markers.
 *
 * Tests find a marker by `data-testid="gutter-marker"` (on the block element)
 * and read `data-status`, `data-stale`, `data-agree`, `data-dispute`.
 */
import type { BlockConsensus } from '@concord/shared';
import { markerFace, statusSentence, type MyStance } from '../../consensus/review';

export interface MarkerModel {
  blockId: string | null;
  /** null while votes are loading. */
  consensus: BlockConsensus | null;
  needed: number;
  mine: MyStance;
  /** Container types from the root (lists, quotes): the marker moves left by their indent. */
  path: readonly string[];
}

/** Extra classes (status) and attributes for the block's node decoration. */
export function markerAttrs(model: MarkerModel): { classes: string[]; attrs: Record<string, string> } {
  const { blockId, consensus, needed, mine } = model;
  const attrs: Record<string, string> = { 'data-testid': 'gutter-marker' };
  if (blockId) attrs['data-block-id'] = blockId;
  const indent = indentOf(model.path);
  if (indent) attrs.style = `--cg-indent: ${indent}`;
  if (!consensus) {
    attrs['data-status'] = 'loading';
    attrs['data-cg-face'] = '·';
    return { classes: ['cg-block--loading'], attrs };
  }
  const look = markerFace(consensus, needed);
  const classes = [`cg-block--${consensus.status}`];
  if (consensus.stale) classes.push('cg-block--stale');
  if (consensus.status !== 'disputed' && consensus.staleDisputers.length > 0) classes.push('cg-block--disputed-earlier');
  if (mine === 'needs') classes.push('cg-block--needs-me');
  attrs['data-status'] = consensus.status;
  attrs['data-stale'] = String(consensus.stale);
  attrs['data-agree'] = String(consensus.agree);
  attrs['data-dispute'] = String(consensus.dispute);
  attrs['data-disputed-earlier'] = String(consensus.status !== 'disputed' && consensus.staleDisputers.length > 0);
  attrs['data-needs-me'] = String(mine === 'needs');
  // A stale flag on a block that still has a status of its own gets a second sign.
  attrs['data-cg-face'] = `${look.symbol}\u00a0${look.text}${consensus.stale && look.symbol !== '⚠' ? '\u00a0⚠' : ''}`;
  attrs['aria-description'] = statusSentence(consensus, needed) + (mine === 'needs' ? ' You have not voted on this wording.' : '');
  return { classes, attrs };
}

/** Whether a pointer event landed on a block's marker (its `::before`, left of the block's box). */
export function markerHit(event: MouseEvent): string | null {
  const target = event.target as Element | null;
  const block = target?.closest?.('.cg-block[data-block-id]');
  if (!block || event.clientX >= block.getBoundingClientRect().left) return null;
  return block.getAttribute('data-block-id');
}

/** How far lists and quotes push a block right (editor.css: lists 1.5em, quotes 1.1em + 3px, prose at 1.1rem). */
function indentOf(path: readonly string[]): string | null {
  let rem = 0;
  let px = 0;
  for (const type of path) {
    if (type === 'bulletList' || type === 'orderedList') rem += 1.65;
    else if (type === 'blockquote') {
      rem += 1.21;
      px += 3;
    }
  }
  if (!rem && !px) return null;
  return px ? `calc(${rem.toFixed(2)}rem + ${px}px)` : `${rem.toFixed(2)}rem`;
}
