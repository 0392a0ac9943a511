/** A block's consensus status as a small pill (the colours of the consensus gutter). */
import type { BlockStatus } from '@concord/shared';

const WORDS: Record<BlockStatus, string> = { unreviewed: 'Unreviewed', in_review: 'In review', disputed: 'Disputed', agreed: 'Agreed' };

export function StatusPill({ status, stale }: { status: BlockStatus | null; stale?: boolean }) {
  if (status === null) return <span className="cg-pill">—</span>;
  return (
    <span className={`cg-pill cg-pill--${status}`} data-status={status}>
      {WORDS[status]}
      {stale ? ' ⚠' : ''}
    </span>
  );
}
