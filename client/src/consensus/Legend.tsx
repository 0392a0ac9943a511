/**
 * One screen that explains the margin to a newcomer: what each mark means, the
 * rule in force in plain words, and the shortcuts. Shown in the panel the first
 * time (not as a modal: nothing should stand between a person and the text),
 * and as a dialog from the "?" button afterwards.
 */
import { memo, useCallback, useState } from 'react';
import { Dialog } from '../app/Dialog';
import { SHORTCUT_LIST_LABEL, SHORTCUTS, shortcutLabel, type ShortcutId } from './shortcuts';

const SEEN_KEY = 'concord-consensus-legend-seen-v1';

function rows(needed: number): { className: string; symbol: string; text: string; meaning: string }[] {
  const n = Math.max(1, needed);
  const some = Math.max(1, Math.floor(n / 2));
  return [
    { className: 'cg-block--unreviewed', symbol: '○', text: `0/${n}`, meaning: 'Not reviewed yet: nobody has voted on this wording.' },
    {
      className: 'cg-block--in_review',
      symbol: '✓',
      text: `${some}/${n}`,
      meaning: `In review: ${some} of the ${n} agreements needed so far.`,
    },
    { className: 'cg-block--agreed', symbol: '✓', text: `${n}/${n}`, meaning: 'Agreed: it will be in the published report.' },
    { className: 'cg-block--disputed', symbol: '✗', text: '1', meaning: 'Disputed: someone objects. Click to read why.' },
    {
      className: 'cg-block--unreviewed cg-block--stale',
      symbol: '⚠',
      text: 'stale',
      meaning: 'Edited after people voted: their votes no longer count until they look again.',
    },
    {
      className: 'cg-block--in_review cg-block--needs-me',
      symbol: '✓',
      text: `${some}/${n}`,
      meaning: 'Blue dot: you have not voted on this wording yet.',
    },
  ];
}

interface LegendProps {
  ruleText: string;
  needed: number;
  /** Commissioners vote; authors, publishers and observers only read the marks (issue 14 #12). */
  canVote: boolean;
}

function LegendContent({ ruleText, needed, canVote }: LegendProps) {
  return (
    <div className="cg-legend" data-testid="legend" data-can-vote={canVote}>
      <p className="cg-legend__intro" data-testid="legend-intro">
        The mark beside each paragraph and heading shows where the commission stands on its exact wording.{' '}
        {canVote
          ? 'Click a mark to see who agreed or disputed and why, and to vote — or, from the keyboard, press Tab in the text to reach “At the cursor”.'
          : 'Click a mark to see who agreed or disputed and why. Only commissioners vote.'}
      </p>
      <ul className="cg-legend__rows">
        {rows(needed).map((row) => (
          <li key={row.meaning}>
            <span className={`cg-sample ${row.className}`} data-cg-face={`${row.symbol}\u00a0${row.text}`} aria-hidden="true" />
            <span>{row.meaning}</span>
          </li>
        ))}
      </ul>
      <p className="cg-legend__rule">
        <strong>Rule for this document.</strong> {ruleText}. A dispute needs a reason; everyone sees it.
      </p>
      <p className="cg-legend__rule">
        <strong>Editing sets votes aside.</strong> Votes belong to the exact words. After an edit, the people who voted see what changed and
        agree again in one click.
      </p>
      {canVote && (
        <table className="cg-legend__keys">
          <tbody>
            {(Object.keys(SHORTCUTS) as ShortcutId[]).map((id) => (
              <tr key={id}>
                <td>
                  <kbd>{shortcutLabel(id)}</kbd>
                </td>
                <td>{SHORTCUTS[id].what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">
        All keyboard shortcuts: <kbd>{SHORTCUT_LIST_LABEL}</kbd>
      </p>
    </div>
  );
}

export function LegendDialog({ onClose, ...props }: LegendProps & { onClose: () => void }) {
  return (
    <Dialog title="How to read the margin" onClose={onClose} testId="legend-dialog">
      <LegendContent {...props} />
      <div className="dialog__actions">
        <button className="button button--primary" onClick={onClose} autoFocus>
          Got it
        </button>
      </div>
    </Dialog>
  );
}

/** Whether this device has dismissed the first-time legend. */
export function useLegendSeen(): [boolean, () => void] {
  const [seen, setSeen] = useState(() => {
    try {
      return localStorage.getItem(SEEN_KEY) === '1';
    } catch {
      return false;
    }
  });
  // The same function from render to render: the first-time legend is memoised on it.
  const dismiss = useCallback(() => {
    try {
      localStorage.setItem(SEEN_KEY, '1');
    } catch {
      // Storage disabled: it shows again next time, no harm done.
    }
    setSeen(true);
  }, []);
  return [seen, dismiss];
}

/** Memoised: the panel draws again whenever a count changes, the legend only when the rule does. */
export const FirstTimeLegend = memo(function FirstTimeLegend({ onDismiss, ...props }: LegendProps & { onDismiss: () => void }) {
  return (
    <section className="cg-first-legend" aria-labelledby="cg-first-legend-title" data-testid="legend-first-time">
      <h3 id="cg-first-legend-title">New here? How to read the margin</h3>
      <LegendContent {...props} />
      <button className="button button--primary button--wide" onClick={onDismiss} data-testid="legend-dismiss">
        Got it
      </button>
    </section>
  );
});
