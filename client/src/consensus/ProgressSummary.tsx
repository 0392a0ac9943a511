/** "38% agreed" with one thin stacked bar: agreed, in review, disputed, not reviewed. */
import type { StatusCounts } from '@concord/shared';
import { plural } from '../app/format';

export const SEGMENTS = [
  { key: 'agreed', label: 'agreed' },
  { key: 'in_review', label: 'in review' },
  { key: 'disputed', label: 'disputed' },
  { key: 'unreviewed', label: 'not reviewed' },
] as const;

export function ProgressSummary({ counts }: { counts: StatusCounts }) {
  const percent = Math.round(counts.shareAgreed * 100);
  return (
    <div className="cg-summary" data-testid="consensus-summary" data-agreed={counts.agreed} data-total={counts.total}>
      <p className="cg-summary__headline">
        <strong>{percent}%</strong> agreed{' '}
        <span className="muted">
          · {plural(counts.agreed, 'block')} of {counts.total.toLocaleString()}
        </span>
      </p>
      <StackedBar counts={counts} />
      <p className="cg-summary__counts">
        {SEGMENTS.filter((s) => s.key !== 'agreed' && counts[s.key] > 0).map((s) => (
          <span key={s.key} className={`cg-summary__count cg-summary__count--${s.key}`}>
            {counts[s.key]} {s.label}
          </span>
        ))}
        {counts.stale > 0 && <span className="cg-summary__count cg-summary__count--stale">⚠ {counts.stale} changed since voted</span>}
      </p>
    </div>
  );
}

export function StackedBar({
  counts,
  thin = false,
}: {
  counts: Pick<StatusCounts, 'agreed' | 'in_review' | 'disputed' | 'unreviewed' | 'total'>;
  thin?: boolean;
}) {
  return (
    <div className={`cg-bar${thin ? ' cg-bar--thin' : ''}`} aria-hidden="true">
      {counts.total > 0 &&
        SEGMENTS.map((s) =>
          counts[s.key] > 0 ? (
            <span key={s.key} className={`cg-bar__seg cg-bar__seg--${s.key}`} style={{ flexGrow: counts[s.key] }} />
          ) : null,
        )}
    </div>
  );
}
