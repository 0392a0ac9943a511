/** What each open review round asks of me (commissioners), above the document. */
import type { RoundSummaryJson } from '@concord/shared';
import { roundAsk, roundScope } from './round-text';

export function RoundBanners({ rounds }: { rounds: readonly RoundSummaryJson[] }) {
  const mine = rounds.filter((r) => r.state === 'open' && r.mine);
  if (mine.length === 0) return null;
  return (
    <>
      {mine.map((r) => (
        <div
          key={r.id}
          className={`banner banner--round${r.mine!.left === 0 ? ' banner--round-done' : ''}`}
          role="status"
          data-testid="round-banner"
          data-left={r.mine!.left}
        >
          <strong>{roundAsk(r.mine!.left, roundScope(r), r.deadline)}.</strong>
          {r.message && (
            <span className="banner__message">
              {' '}
              {r.openedBy.name}: “{r.message}”
            </span>
          )}
        </div>
      ))}
    </>
  );
}
