/** The export preview: every block in document order; blocks left out are greyed with their status. */
import type { BlockStatus, ExportPreview, ExportPreviewBlock } from '../../api';

const STATUS_LABELS: Record<BlockStatus, string> = {
  unreviewed: 'Unreviewed',
  in_review: 'In review',
  disputed: 'Disputed',
  agreed: 'Agreed',
};

function StatusBadge({ status, stale }: { status: BlockStatus; stale?: boolean }) {
  return (
    <span className="preview-badges">
      <span className={`status-badge status-badge--${status}`} data-testid="status-badge" data-status={status}>
        {STATUS_LABELS[status] ?? status}
      </span>
      {stale && (
        <span className="status-badge status-badge--stale" title="Some votes were cast on an earlier version of this text.">
          Changed since voted
        </span>
      )}
    </span>
  );
}

/** Why a block is left out of the consensus export, in words. */
function reason(block: ExportPreviewBlock): string {
  if (block.status === 'agreed')
    return block.kind === 'heading' ? 'Agreed, but nothing under it is, so the heading is left out.' : 'Left out.';
  if (block.status === 'disputed') return 'Left out: disputed.';
  if (block.status === 'in_review') return 'Left out: not everyone has agreed yet.';
  return 'Left out: nobody has reviewed it yet.';
}

/** Where a block sits: list depth, its marker, whether it is quoted. Numbers count the items of one list in the draft. */
function layout(blocks: ExportPreviewBlock[], paths: Map<string, readonly string[]>) {
  const counters: number[] = [];
  let previousDepth = 0;
  return blocks.map((block) => {
    const path = (block.id && paths.get(block.id)) || [];
    const lists = path.filter((type) => type === 'bulletList' || type === 'orderedList');
    const depth = lists.length;
    counters.length = Math.min(counters.length, depth);
    if (depth > previousDepth) for (let d = previousDepth; d < depth; d++) counters[d] = 0;
    previousDepth = depth;
    let marker = '';
    if (depth > 0) {
      if (lists[depth - 1] === 'orderedList') marker = `${(counters[depth - 1] = (counters[depth - 1] ?? 0) + 1)}.`;
      else marker = '•';
    }
    return { depth, marker, quoted: path.includes('blockquote') };
  });
}

export function PreviewBlocks({ preview, paths }: { preview: ExportPreview; paths: Map<string, readonly string[]> }) {
  if (preview.blocks.length === 0) return <p className="muted">This document is empty: there is nothing to publish yet.</p>;
  const draft = preview.scope === 'draft';
  const places = layout(preview.blocks, paths);
  return (
    <ol className="preview-blocks" data-testid="export-preview">
      {preview.blocks.map((block, index) => {
        const level = block.kind === 'heading' ? Math.min(Math.max(block.level ?? 1, 1), 4) : 0;
        const place = places[index]!;
        const className = [
          'preview-block',
          level ? `preview-block--h${level}` : 'preview-block--p',
          block.included ? 'preview-block--in' : 'preview-block--out',
          place.quoted ? 'preview-block--quote' : '',
          place.depth ? 'preview-block--item' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <li
            key={block.id ?? `i${index}`}
            className={className}
            style={place.depth ? { marginLeft: `${place.depth * 1.5}rem` } : undefined}
            data-testid="preview-block"
            data-included={block.included ? 'true' : 'false'}
            data-status={block.status}
            title={block.included ? undefined : reason(block)}
          >
            {place.marker && (
              <span className="preview-block__marker" aria-hidden="true">
                {place.marker}
              </span>
            )}
            <span className="preview-block__text">{block.text || <span className="muted">(empty)</span>}</span>
            {!block.included && block.status === 'agreed' && block.kind === 'heading' && (
              <span className="preview-block__why">nothing under it is agreed</span>
            )}
            {(!block.included || draft || block.stale) && <StatusBadge status={block.status} stale={block.stale} />}
          </li>
        );
      })}
    </ol>
  );
}
