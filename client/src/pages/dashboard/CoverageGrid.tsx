/**
 * Who has reviewed what: sections down, commissioners across; each cell says
 * how many of the section's blocks that person has a current vote on, shaded
 * by share so the gaps stand out.
 */
import type { CSSProperties } from 'react';
import type { CoverageRow, SectionRollup } from '@concord/shared';
import type { Person } from '../../consensus/consensus-store';
import { sectionLabel } from './sections';

export function CoverageGrid({
  sections,
  coverage,
  commissioners,
  me,
}: {
  sections: readonly SectionRollup[];
  coverage: readonly CoverageRow[];
  commissioners: readonly Person[];
  me: string | null;
}) {
  const rows = new Map(coverage.map((c) => [c.userId, c]));
  const total = sections.reduce((n, s) => n + s.total, 0);
  if (commissioners.length === 0) return <p className="muted">This document has no commissioners yet.</p>;
  return (
    // Scrolls sideways when the commissioners do not fit (a phone): focusable, so the keyboard can scroll it too.
    <div className="dash-grid-wrap" tabIndex={0} role="region" aria-label="Who has reviewed what, by section">
      <table className="dash-grid" data-testid="coverage-grid">
        <thead>
          <tr>
            <th scope="col" className="dash-grid__corner">
              Section
            </th>
            {commissioners.map((c) => (
              <th key={c.userId} scope="col" title={c.name} className={c.userId === me ? 'dash-grid__me' : undefined}>
                {c.userId === me ? 'You' : c.name}
              </th>
            ))}
          </tr>
          <tr className="dash-grid__totals">
            <th scope="row">Whole report</th>
            {commissioners.map((c) => {
              const done = rows.get(c.userId)?.total ?? 0;
              return (
                <td
                  key={c.userId}
                  data-testid="coverage-total"
                  data-user-id={c.userId}
                  data-count={done}
                  title={`${c.name} has voted on ${done} of ${total} blocks as they read now`}
                >
                  {total ? Math.round((done / total) * 100) : 0}%
                </td>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sections.map((section, i) => (
            <tr key={section.key}>
              <th
                scope="row"
                className={`dash-grid__section dash-grid__section--h${Math.min(section.level, 3)}`}
                title={sectionLabel(section)}
              >
                {sectionLabel(section)}
              </th>
              {commissioners.map((c) => {
                const done = rows.get(c.userId)?.bySection[i] ?? 0;
                const share = section.total ? done / section.total : 0;
                return (
                  <td
                    key={c.userId}
                    className={`dash-grid__cell${share === 1 ? ' dash-grid__cell--done' : done === 0 ? ' dash-grid__cell--none' : ''}`}
                    style={{ '--share': share.toFixed(2) } as CSSProperties}
                    data-testid="coverage-cell"
                    data-user-id={c.userId}
                    data-section={section.key}
                    data-count={done}
                    title={`${c.name}: ${done} of ${section.total} reviewed in “${sectionLabel(section)}”`}
                  >
                    {done}/{section.total}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
