/** How a paragraph got here: every wording it has had, who changed it, and who agreed to each. */
import { useEffect, useState } from 'react';
import type { Capability } from '../../api';
import { versionsApi, type BlockHistoryJson } from '../../api/versions';
import { RestoreButton } from './RestoreButton';

export function BlockHistoryView({
  docId,
  blockId,
  capabilities,
  onRestored,
}: {
  docId: string;
  blockId: string;
  capabilities: readonly Capability[];
  onRestored: () => void;
}) {
  const [history, setHistory] = useState<BlockHistoryJson | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    versionsApi.blockHistory(docId, blockId).then(setHistory, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [docId, blockId, round]);
  if (error) return <p className="form__error">{error}</p>;
  if (!history) return <p className="muted">Loading…</p>;
  const names = (people: { name: string }[]) => people.map((p) => p.name).join(', ');
  return (
    <section className="block-history" data-testid="block-history">
      <h2>Paragraph history</h2>
      <ol>
        {[...history.wordings].reverse().map((w) => (
          <li key={w.fingerprint} className="wording" data-testid="wording" data-current={w.current ? '1' : '0'}>
            <p className="wording__text">{w.text || '(empty)'}</p>
            <p className="muted">
              {w.current ? 'Now · ' : ''}
              first seen {new Date(w.firstSeen).toLocaleString()}
              {w.version?.name ? ` in “${w.version.name}”` : ''}
              {w.editors.length > 0 && ` · changed by ${names(w.editors)}`}
            </p>
            {w.agreedBy.length > 0 && <p className="muted">Agreed by {names(w.agreedBy)}</p>}
            {w.disputedBy.length > 0 && <p className="muted">Disputed by {names(w.disputedBy)}</p>}
            {!w.current && w.version && capabilities.includes('edit') && (
              <RestoreButton
                docId={docId}
                versionId={w.version.id}
                blockId={blockId}
                label="Restore this wording"
                onRestored={() => (setRound((r) => r + 1), onRestored())}
              />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
