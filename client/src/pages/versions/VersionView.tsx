/** One version, read-only: each block with the status it had then. */
import { useEffect, useState } from 'react';
import type { Capability } from '../../api';
import { versionsApi, type VersionDetailJson } from '../../api/versions';
import { navigate, versionsPath } from '../../app/router';
import { StatusPill } from './StatusPill';
import { RestoreButton } from './RestoreButton';
import { VersionExport } from './VersionExport';

export function VersionView({
  docId,
  versionId,
  capabilities,
  onRestored,
}: {
  docId: string;
  versionId: string;
  capabilities: readonly Capability[];
  onRestored: () => void;
}) {
  const [detail, setDetail] = useState<VersionDetailJson | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDetail(null);
    versionsApi.get(docId, versionId).then(setDetail, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [docId, versionId]);
  if (error) return <p className="form__error">{error}</p>;
  if (!detail) return <p className="muted">Loading…</p>;
  const v = detail.version;
  return (
    <article className="version-view" data-testid="version-view">
      <header className="version-view__head">
        <h2>{v.name ?? detail.title}</h2>
        <p className="muted">As it was {new Date(v.createdAt).toLocaleString()} — read-only, with each block’s status then.</p>
        <div className="version-item__actions">
          <button className="button button--quiet" onClick={() => navigate(versionsPath(docId, { from: v.id, to: 'current' }))}>
            Compare with now
          </button>
          {capabilities.includes('manage') && (
            <RestoreButton docId={docId} versionId={v.id} label="Restore this version" onRestored={onRestored} />
          )}
        </div>
        {capabilities.includes('export') && <VersionExport docId={docId} versionId={v.id} />}
      </header>
      <ol className="version-blocks">
        {detail.blocks.map((b, i) => (
          <li key={b.id ?? `i${i}`} className={`version-block version-block--${b.kind}`} data-testid="version-block" data-status={b.status}>
            <StatusPill status={b.status} stale={b.stale} />
            <span className="version-block__text">{b.text || '(empty)'}</span>
          </li>
        ))}
      </ol>
    </article>
  );
}
