/**
 * Progress by section, drawn by hand in SVG: one 100% stacked bar per section —
 * agreed, in review, disputed, not reviewed — so the eye finds the red and grey
 * sections before reading a single number.
 *
 * The drawing is laid out for the width it is shown at (one SVG unit = one CSS
 * pixel), never scaled down: scaled, a desktop layout's 12 px text read at 4 px
 * on a phone. Wide, a row is label | bar | count; narrow, the label sits on a
 * line of its own above the bar and its count.
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { SectionRollup } from '@concord/shared';
import { SEGMENTS } from '../../consensus/ProgressSummary';
import { sectionLabel } from './sections';

/** The width drawn for before the first measurement (and without ResizeObserver). */
const DEFAULT_W = 880;
/** Below this the label goes above the bar. */
const NARROW_W = 600;
/** Room for the count right of the bar: "1234/1651 agreed ⚠" at 12 px. */
const COUNT_W = 128;
const BAR_H = 14;
const TOP = 8;
/** About how wide a character of the label is (12.5 px UI font), to cut long headings. */
const CHAR_W = 7;
const INDENT = 12;

interface Layout {
  width: number;
  narrow: boolean;
  labelW: number;
  barX: number;
  barW: number;
  rowH: number;
  /** The bar's top within its row. */
  barY: number;
}

function layoutFor(width: number): Layout {
  if (width < NARROW_W) {
    const barW = Math.max(40, width - COUNT_W);
    return { width, narrow: true, labelW: width - 8, barX: 0, barW, rowH: 42, barY: 18 };
  }
  const labelW = Math.min(310, Math.round(width * 0.35));
  return { width, narrow: false, labelW, barX: labelW, barW: width - labelW - COUNT_W, rowH: 26, barY: 0 };
}

/** The element's content width in CSS pixels, kept current. */
function useWidth<E extends Element>(): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(DEFAULT_W);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const read = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function ProgressChart({ sections }: { sections: readonly SectionRollup[] }) {
  const [ref, measured] = useWidth<HTMLDivElement>();
  const l = layoutFor(measured);
  const height = TOP + sections.length * l.rowH + 4;
  return (
    <div ref={ref} className="dash-chart-wrap">
      <svg
        className="dash-chart"
        viewBox={`0 0 ${l.width} ${height}`}
        width={l.width}
        height={height}
        role="img"
        aria-label="Progress by section"
        data-testid="progress-chart"
        data-layout={l.narrow ? 'narrow' : 'wide'}
      >
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} className="dash-chart__grid" x1={l.barX + l.barW * f} x2={l.barX + l.barW * f} y1={TOP - 4} y2={height - 2} />
        ))}
        {sections.map((section, row) => {
          const y = TOP + row * l.rowH;
          const barY = y + l.barY;
          let x = l.barX;
          const label = sectionLabel(section);
          const indent = Math.max(0, section.level - 1) * INDENT;
          const labelX = (l.narrow ? 0 : 8) + indent;
          return (
            <g key={section.key} data-testid="chart-row" data-section={section.key} data-agreed={section.agreed} data-total={section.total}>
              <title>{`${label}: ${section.agreed} agreed, ${section.in_review} in review, ${section.disputed} disputed, ${section.unreviewed} not reviewed${section.stale ? `, ${section.stale} changed since voted` : ''}`}</title>
              <text className={`dash-chart__label dash-chart__label--h${Math.min(section.level, 3)}`} x={labelX} y={y + BAR_H - 2}>
                {truncate(label, Math.floor((l.labelW - labelX - 8) / CHAR_W))}
              </text>
              <rect className="dash-chart__track" x={l.barX} y={barY} width={l.barW} height={BAR_H} rx={3} />
              {SEGMENTS.map((s) => {
                const w = section.total ? (section[s.key] / section.total) * l.barW : 0;
                const rect =
                  w > 0 ? (
                    <rect key={s.key} className={`dash-chart__seg dash-chart__seg--${s.key}`} x={x} y={barY} width={w} height={BAR_H} />
                  ) : null;
                x += w;
                return rect;
              })}
              <text className="dash-chart__count" x={l.barX + l.barW + 10} y={barY + BAR_H - 2}>
                {section.agreed}/{section.total} agreed
                {section.stale > 0 ? ' ⚠' : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, Math.max(1, max - 1)) + '…' : text;
}
