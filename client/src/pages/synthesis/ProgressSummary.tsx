/** The top of the synthesis page: how far the commission is from a complete consensus report. */
import type { SynthesisProgress } from '../../api/synthesis';
import { plural } from '../../app/format';

export function ProgressSummary({ progress, ruleText }: { progress: SynthesisProgress; ruleText: string }) {
  const { totalBlocks, agreed, notAgreed, disputed, inReview, unreviewed, stale } = progress;
  const percent = totalBlocks === 0 ? 0 : Math.round((agreed / totalBlocks) * 100);
  return (
    <section className="progress" aria-label="Progress" data-testid="synthesis-progress" data-not-agreed={notAgreed}>
      <p className="progress__headline">
        {notAgreed === 0 ? (
          totalBlocks === 0 ? (
            'The document is empty.'
          ) : (
            'Every block is agreed: the consensus report is complete.'
          )
        ) : (
          <>
            <strong>{plural(notAgreed, 'block')}</strong> {notAgreed === 1 ? 'stands' : 'stand'} between the commission and a complete
            consensus report.
          </>
        )}
      </p>
      <div
        className="progress__bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={`${percent}% agreed`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="progress__detail muted">
        {agreed} of {totalBlocks} agreed ({percent}%)
        <Part n={disputed} label="disputed" />
        <Part n={inReview} label="in review" />
        <Part n={unreviewed} label="not yet reviewed" />
        <Part n={stale} label="with out-of-date votes" />
      </p>
      <p className="progress__rule muted">Rule: {ruleText}</p>
    </section>
  );
}

function Part({ n, label }: { n: number; label: string }) {
  if (n === 0) return null;
  return (
    <>
      {' · '}
      {n} {label}
    </>
  );
}
