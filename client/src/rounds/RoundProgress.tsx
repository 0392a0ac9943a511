/**
 * A review round against its deadline: who has finished, who has not, per
 * section; a closed round's kept outcome. The author may close an open round.
 */
import { useState } from 'react';
import type { RoundSummaryJson } from '@concord/shared';
import { roundsApi } from '../api/rounds';
import { readableDeadline, roundScope } from './round-text';

export function RoundProgress({ round, canManage, onChanged }: { round: RoundSummaryJson; canManage: boolean; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = round.state === 'open';
  const done = round.reviewers.filter((r) => r.done).length;
  const close = async () => {
    setBusy(true);
    setError(null);
    try {
      await roundsApi.close(round.docId, round.id);
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      className="round-progress"
      data-testid="round-progress"
      data-state={round.state}
      aria-label={`Review round on ${roundScope(round)}`}
    >
      <header className="round-progress__head">
        <h3>
          Review round on {roundScope(round)} {open ? 'due' : 'closed'}{' '}
          {readableDeadline(open ? round.deadline : (round.closedAt ?? round.deadline))}
        </h3>
        <p className="muted">
          {done} of {round.reviewers.length} commissioner{round.reviewers.length === 1 ? '' : 's'} finished
          {!open &&
            (round.closedReason === 'deadline' ? ' · closed by its deadline' : ` · closed by ${round.closedBy?.name ?? 'the author'}`)}
        </p>
        {round.message && <p className="round-progress__message">“{round.message}”</p>}
      </header>
      <div className="round-progress__table-wrap">
        <table className="round-progress__table">
          <thead>
            <tr>
              <th scope="col">Commissioner</th>
              {round.sections.map((s, i) => (
                <th scope="col" key={s.headingId ?? `preamble-${i}`} title={`${s.blocks} paragraphs`}>
                  {s.title || 'Before the first heading'}
                </th>
              ))}
              <th scope="col">Left</th>
            </tr>
          </thead>
          <tbody>
            {round.reviewers.map((r) => (
              <tr key={r.userId} data-testid="round-reviewer" data-done={r.done} data-left={r.left}>
                <th scope="row">{r.name}</th>
                {r.leftBySection.map((left, i) => (
                  <td key={i} className={left === 0 ? 'round-progress__cell--done' : ''}>
                    {left === 0 ? '✓' : `${left} left`}
                  </td>
                ))}
                <td>{r.done ? 'finished' : r.left}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      {open && canManage && (
        <button className="button" onClick={() => void close()} disabled={busy} data-testid="close-round">
          {busy ? 'Closing…' : 'Close round now'}
        </button>
      )}
    </section>
  );
}
