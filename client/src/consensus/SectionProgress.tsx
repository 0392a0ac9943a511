/** A section's progress for the outline: a thin stacked bar and "agreed/total". */
import type { ConsensusStore } from './consensus-store';
import { useSectionRollup } from './use-consensus';
import { StackedBar } from './ProgressSummary';

export function SectionProgress({ store, headingId }: { store: ConsensusStore | null; headingId: string | null }) {
  const section = useSectionRollup(store, headingId);
  if (!section || section.total === 0) return null;
  const title = `${section.agreed} of ${section.total} agreed · ${section.in_review} in review · ${section.disputed} disputed · ${section.unreviewed} not reviewed${section.stale ? ` · ${section.stale} changed since voted` : ''}`;
  return (
    <span
      className="cg-outline-progress"
      title={title}
      data-testid="section-progress"
      data-agreed={section.agreed}
      data-total={section.total}
    >
      <StackedBar counts={section} thin />
      <span className="cg-outline-progress__text">
        {section.agreed}/{section.total}
      </span>
    </span>
  );
}
