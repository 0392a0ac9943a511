/**
 * The top of the synthesis page: how far the commission is from a complete
 * consensus report. The figures and the bar are the one `ProgressSummary` the
 * editor's panel and the dashboard show too, so a count reads the same everywhere;
 * this adds the author's headline and the rule in force.
 */
import type { StatusCounts } from '@concord/shared';
import type { SynthesisProgress as Progress } from '../../api/synthesis';
import { plural } from '../../app/format';
import { ProgressSummary } from '../../consensus/ProgressSummary';

export function SynthesisProgress({ progress, ruleText }: { progress: Progress; ruleText: string }) {
  const { totalBlocks, notAgreed } = progress;
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
      <ProgressSummary counts={statusCounts(progress)} />
      <p className="progress__rule muted">Rule: {ruleText}</p>
    </section>
  );
}

function statusCounts(p: Progress): StatusCounts {
  return {
    agreed: p.agreed,
    in_review: p.inReview,
    disputed: p.disputed,
    unreviewed: p.unreviewed,
    total: p.totalBlocks,
    stale: p.stale,
    shareAgreed: p.totalBlocks === 0 ? 0 : p.agreed / p.totalBlocks,
  };
}
