/**
 * Version history (`/d/:id/versions`, issue 18): the versions of a document, and
 * one of — a version read-only with the statuses its blocks had then
 * (`?view=VID`), a comparison (`?from=VID&to=VID|current`, `&only=agreement`),
 * what changed since my last vote (`?since=vote`), or a paragraph's history
 * (`?block=ID`). Restores ask for confirmation first; the server checks roles.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Capability, DocMeta } from '../../api';
import { versionsApi, type VersionJson } from '../../api/versions';
import { consensusApi } from '../../api/consensus';
import { AppHeader } from '../../app/AppHeader';
import { docPath, navigate, useCurrentPath, versionsPath } from '../../app/router';
import { useMe } from '../../app/session';
import { DocMetaPage } from '../DocMetaPage';
import { relativeTime } from '../../app/format';
import { VersionView } from './VersionView';
import { CompareView } from './CompareView';
import { BlockHistoryView } from './BlockHistoryView';
import { versionLabel } from './version-label';
import '../../app/styles/consensus.css';
import '../../app/styles/versions.css';

export function VersionsPage({ docId }: { docId: string }) {
  return (
    <DocMetaPage docId={docId} failed="The history could not be opened">
      {(meta) => <History meta={meta} />}
    </DocMetaPage>
  );
}

function History({ meta }: { meta: DocMeta }) {
  const path = useCurrentPath();
  const query = new URL(path, 'http://x').searchParams;
  const [versions, setVersions] = useState<VersionJson[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const reload = useCallback(() => {
    versionsApi.list(meta.id).then(setVersions, (err: unknown) => setLoadError(err instanceof Error ? err.message : String(err)));
  }, [meta.id]);
  useEffect(reload, [reload]);
  const back = docPath(meta.id);
  const go = (q: Record<string, string>) => navigate(versionsPath(meta.id, q));

  return (
    <div className="versions-page" data-testid="versions-page">
      <AppHeader>
        <div className="doc-title">
          <a
            className="doc-title__back doc-title__up"
            href={back}
            onClick={(e) => (e.preventDefault(), navigate(back))}
            data-testid="versions-back"
          >
            ← {meta.title}
          </a>
          <span className="doc-title__sep">/</span>
          <h1 className="doc-title__text">History</h1>
        </div>
      </AppHeader>
      <div className="versions-page__body">
        <aside className="versions-list" aria-label="Versions">
          {meta.capabilities.includes('manage') && <NameVersion docId={meta.id} onNamed={reload} />}
          {loadError && <p className="form__error">{loadError}</p>}
          {versions === null && !loadError && <p className="muted">Loading…</p>}
          {versions?.length === 0 && <p className="muted">No versions yet: one is taken a few minutes after editing starts.</p>}
          <ol>
            {versions?.map((v) => (
              <li key={v.id} className="version-item" data-testid="version-item" data-kind={v.kind} data-reason={v.reason}>
                <div className="version-item__title">{versionLabel(v)}</div>
                <div className="muted version-item__meta">
                  <time dateTime={v.createdAt} title={new Date(v.createdAt).toLocaleString()}>
                    {relativeTime(v.createdAt)}
                  </time>
                  {v.createdBy && ` · ${v.createdBy.name}`}
                </div>
                {v.editors.length > 0 && (
                  <div className="muted version-item__meta">Edited by {v.editors.map((e) => e.name).join(', ')}</div>
                )}
                <div className="muted version-item__meta">
                  {v.changed} changed · {v.agreed} agreed · {v.stale} went stale
                </div>
                <div className="version-item__actions">
                  <button className="button button--quiet" onClick={() => go({ view: v.id })} data-testid="view-version">
                    View
                  </button>
                  <button className="button button--quiet" onClick={() => go({ from: v.id, to: 'current' })} data-testid="compare-version">
                    Compare with now
                  </button>
                </div>
              </li>
            ))}
          </ol>
        </aside>
        <main className="versions-detail">
          <Detail meta={meta} query={query} versions={versions} onChanged={reload} />
        </main>
      </div>
    </div>
  );
}

function Detail({
  meta,
  query,
  versions,
  onChanged,
}: {
  meta: DocMeta;
  query: URLSearchParams;
  versions: VersionJson[] | null;
  onChanged: () => void;
}) {
  const capabilities: readonly Capability[] = meta.capabilities;
  const block = query.get('block');
  const view = query.get('view');
  const from = query.get('from');
  if (block) return <BlockHistoryView docId={meta.id} blockId={block} capabilities={capabilities} onRestored={onChanged} />;
  if (view) return <VersionView docId={meta.id} versionId={view} capabilities={capabilities} onRestored={onChanged} />;
  if (from)
    return (
      <CompareView
        docId={meta.id}
        from={from}
        to={query.get('to') ?? 'current'}
        onlyAgreement={query.get('only') === 'agreement'}
        versions={versions}
        capabilities={capabilities}
        onRestored={onChanged}
      />
    );
  if (query.get('since') === 'vote') return <SinceMyVote meta={meta} versions={versions} onRestored={onChanged} />;
  return <p className="muted">Pick a version to see it, or compare it with the document now.</p>;
}

/** "What changed since I last voted": the newest version taken at or before my last vote, compared with now. */
function SinceMyVote({ meta, versions, onRestored }: { meta: DocMeta; versions: VersionJson[] | null; onRestored: () => void }) {
  const me = useMe();
  const [lastVote, setLastVote] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    consensusApi.get(meta.id).then(
      (c) => {
        let latest: string | null = null;
        for (const b of c.blocks) for (const v of b.votes) if (v.userId === me.id && (latest === null || v.at > latest)) latest = v.at;
        setLastVote(latest);
      },
      () => setLastVote(null),
    );
  }, [meta.id, me.id]);
  if (lastVote === undefined || versions === null) return <p className="muted">Loading…</p>;
  if (lastVote === null)
    return (
      <p className="muted" data-testid="since-vote-none">
        You have not voted on this document yet.
      </p>
    );
  // Versions are newest first.
  const base = versions.find((v) => v.createdAt <= lastVote) ?? versions[versions.length - 1];
  if (!base) return <p className="muted">There is no version to compare with yet.</p>;
  return (
    <>
      <p className="versions-since" data-testid="since-vote-heading">
        Changes since you last voted ({new Date(lastVote).toLocaleString()}), from “{versionLabel(base)}”:
      </p>
      <CompareView
        docId={meta.id}
        from={base.id}
        to="current"
        onlyAgreement={false}
        capabilities={meta.capabilities}
        onRestored={onRestored}
      />
    </>
  );
}

function NameVersion({ docId, onNamed }: { docId: string; onNamed: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="version-name"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        versionsApi.name(docId, name).then(
          () => (setName(''), setError(null), setBusy(false), onNamed()),
          (err: unknown) => (setError(err instanceof Error ? err.message : String(err)), setBusy(false)),
        );
      }}
    >
      <label htmlFor="version-name-input">Name this version</label>
      <input
        id="version-name-input"
        value={name}
        maxLength={200}
        placeholder="Draft sent to the commission, 12 March"
        onChange={(e) => setName(e.target.value)}
        data-testid="version-name-input"
      />
      <button className="button" type="submit" disabled={busy || name.trim() === ''} data-testid="version-name-submit">
        Save version
      </button>
      {error && <p className="form__error">{error}</p>}
    </form>
  );
}
