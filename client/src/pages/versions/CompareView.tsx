/** Two moments side by side: blocks added, removed, moved and changed (word by word), and whose agreement changed. */
import { useEffect, useState } from 'react';
import type { BlockChange } from '@concord/shared';
import type { Capability } from '../../api';
import { versionsApi, type CompareJson, type VersionJson } from '../../api/versions';
import { navigate, versionsPath } from '../../app/router';
import { StatusPill } from './StatusPill';
import { RestoreButton } from './RestoreButton';
import { versionLabel } from './version-label';

const CHANGE_WORDS: Record<BlockChange['change'], string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  moved: 'Moved',
  agreement: 'Agreement changed',
};

export function CompareView({
  docId,
  from,
  to,
  onlyAgreement,
  versions,
  capabilities,
  onRestored,
}: {
  docId: string;
  from: string;
  to: string;
  onlyAgreement: boolean;
  /** With the document's versions, the other side can be any of them, not only now. */
  versions?: readonly VersionJson[] | null;
  capabilities: readonly Capability[];
  onRestored: () => void;
}) {
  const [result, setResult] = useState<CompareJson | null>(null);
  const [only, setOnly] = useState(onlyAgreement);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setResult(null);
    versionsApi
      .compare(docId, from, to, only)
      .then(setResult, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [docId, from, to, only]);
  if (error) return <p className="form__error">{error}</p>;
  const s = result?.summary;
  return (
    // data-to: the comparison shown (a version id or "current"), once loaded.
    <section className="compare" data-testid="compare" data-to={result ? (result.to?.id ?? 'current') : undefined}>
      {versions && <CompareWith docId={docId} from={from} to={to} versions={versions} only={only} />}
      <label className="compare__filter">
        <input type="checkbox" checked={only} onChange={(e) => setOnly(e.target.checked)} data-testid="compare-filter" /> Only blocks whose
        agreement changed
      </label>
      {!result && <p className="muted">Loading…</p>}
      {s && (
        <p className="muted" data-testid="compare-summary">
          {s.added} added · {s.removed} removed · {s.changed} changed · {s.moved} moved · {s.agreementChanged} with agreement changed
        </p>
      )}
      {result?.changes.length === 0 && (
        <p className="muted" data-testid="compare-empty">
          Nothing changed.
        </p>
      )}
      <ol className="compare__changes">
        {result?.changes.map((c, i) => (
          <li
            key={`${c.id ?? 'x'}-${i}`}
            className={`compare-change compare-change--${c.change}`}
            data-testid="compare-change"
            data-change={c.change}
            data-block={c.id ?? ''}
          >
            <div className="compare-change__head">
              <strong>{CHANGE_WORDS[c.change]}</strong>
              {c.moved && c.change !== 'moved' && <span className="muted"> · moved</span>}
              <span className="compare-change__status">
                <StatusPill status={c.before?.status ?? null} stale={c.before?.stale} /> →{' '}
                <StatusPill status={c.after?.status ?? null} stale={c.after?.stale} />
              </span>
            </div>
            <p className="compare-change__text">
              {c.words ? (
                c.words.map((w, j) =>
                  w.op === 'insert' ? (
                    <ins key={j}>{w.text}</ins>
                  ) : w.op === 'delete' ? (
                    <del key={j}>{w.text}</del>
                  ) : (
                    <span key={j}>{w.text}</span>
                  ),
                )
              ) : c.change === 'removed' ? (
                <del>{c.before?.text}</del>
              ) : (
                (c.after ?? c.before)?.text
              )}
            </p>
            <div className="version-item__actions">
              {c.id && (
                <button className="button button--quiet" onClick={() => navigate(versionsPath(docId, { block: c.id! }))}>
                  Paragraph history
                </button>
              )}
              {c.id && c.before && (c.change === 'changed' || c.change === 'removed') && capabilities.includes('edit') && (
                <RestoreButton
                  docId={docId}
                  versionId={result.from.id}
                  blockId={c.id}
                  label="Restore the earlier wording"
                  onRestored={onRestored}
                />
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** "Compare “Draft of 12 March” with [the document now | any other version]": any two versions, in one click. */
function CompareWith({
  docId,
  from,
  to,
  versions,
  only,
}: {
  docId: string;
  from: string;
  to: string;
  versions: readonly VersionJson[];
  only: boolean;
}) {
  const source = versions.find((v) => v.id === from);
  const pick = (next: string) => navigate(versionsPath(docId, { from, to: next, ...(only ? { only: 'agreement' } : {}) }));
  return (
    <p className="compare__sides">
      <label>
        Compare “{source ? versionLabel(source) : 'this version'}” with{' '}
        <select value={to} onChange={(e) => pick(e.target.value)} data-testid="compare-to">
          <option value="current">the document now</option>
          {versions
            .filter((v) => v.id !== from)
            .map((v) => (
              <option key={v.id} value={v.id}>
                {versionLabel(v)} ({new Date(v.createdAt).toLocaleString()})
              </option>
            ))}
        </select>
      </label>
    </p>
  );
}
