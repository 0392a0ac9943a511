/**
 * Progress by section, drawn by hand in SVG: one 100% stacked bar per section —
 * agreed, in review, disputed, not reviewed — so the eye finds the red and grey
 * sections before reading a single number.
 */
import type { SectionRollup } from '@concord/shared';
import { SEGMENTS } from '../../consensus/ProgressSummary';
import { sectionLabel } from './sections';

const LABEL_W = 310;
const BAR_W = 460;
const COUNT_W = 110;
const ROW_H = 26;
const BAR_H = 14;
const TOP = 8;

export function ProgressChart({ sections }: { sections: readonly SectionRollup[] }) {
  const width = LABEL_W + BAR_W + COUNT_W;
  const height = TOP + sections.length * ROW_H + 4;
  return (
    <svg
      className="dash-chart"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label="Progress by section"
      data-testid="progress-chart"
    >
      {[0.25, 0.5, 0.75].map((f) => (
        <line key={f} className="dash-chart__grid" x1={LABEL_W + BAR_W * f} x2={LABEL_W + BAR_W * f} y1={TOP - 4} y2={height - 2} />
      ))}
      {sections.map((section, row) => {
        const y = TOP + row * ROW_H;
        let x = LABEL_W;
        const label = sectionLabel(section);
        return (
          <g key={section.key} data-testid="chart-row" data-section={section.key} data-agreed={section.agreed} data-total={section.total}>
            <title>{`${label}: ${section.agreed} agreed, ${section.in_review} in review, ${section.disputed} disputed, ${section.unreviewed} not reviewed${section.stale ? `, ${section.stale} changed since voted` : ''}`}</title>
            <text
              className={`dash-chart__label dash-chart__label--h${Math.min(section.level, 3)}`}
              x={8 + Math.max(0, section.level - 1) * 12}
              y={y + BAR_H - 2}
            >
              {truncate(label, (section.level <= 1 ? 34 : 40) - Math.max(0, section.level - 1) * 2)}
            </text>
            <rect className="dash-chart__track" x={LABEL_W} y={y} width={BAR_W} height={BAR_H} rx={3} />
            {SEGMENTS.map((s) => {
              const w = section.total ? (section[s.key] / section.total) * BAR_W : 0;
              const rect =
                w > 0 ? (
                  <rect key={s.key} className={`dash-chart__seg dash-chart__seg--${s.key}`} x={x} y={y} width={w} height={BAR_H} />
                ) : null;
              x += w;
              return rect;
            })}
            <text className="dash-chart__count" x={LABEL_W + BAR_W + 10} y={y + BAR_H - 2}>
              {section.agreed}/{section.total} agreed
              {section.stale > 0 ? ' ⚠' : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
