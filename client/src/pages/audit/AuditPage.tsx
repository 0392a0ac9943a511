/**
 * The audit log screen (`/d/:id/audit`, issue 14 #15) for the author and
 * publishers: every recorded action, newest first, filtered by who, what,
 * when and which block. The log is read in pages of MAX_AUDIT_LISTED (the
 * server's cap) and filtered here; at most SHOWN lines are drawn at a time.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { MAX_AUDIT_LISTED } from '@concord/shared';
import { ApiError } from '../../api';
import { consensusApi, type AuditEntryJson } from '../../api/consensus';
import { AppHeader } from '../../app/AppHeader';
import { DocBreadcrumb } from '../../app/DocBreadcrumb';
import { plural } from '../../app/format';
import { docPath, navigate } from '../../app/router';
import { useDocMeta } from '../../app/use-doc-meta';
import { MessagePage } from '../MessagePage';
import { DocUnavailable } from '../DocUnavailable';
import { ACTION_GROUPS, NO_FILTER, blockIds, describeEntry, filterAudit, type AuditFilter } from './audit-view';
import '../../app/styles/rule-audit.css';

const SHOWN = 200;

export function AuditPage({ docId }: { docId: string }) {
  const { meta, error: metaError } = useDocMeta(docId);
  const [entries, setEntries] = useState<AuditEntryJson[] | null>(null);
  const [texts, setTexts] = useState<ReadonlyMap<string, string>>(() => new Map());
  const [error, setError] = useState<Error | null>(null);
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [limit, setLimit] = useState(SHOWN);

  const load = useCallback(async () => {
    try {
      const all: AuditEntryJson[] = [];
      for (let after = 0; ;) {
        const page = await consensusApi.audit(docId, after, MAX_AUDIT_LISTED);
        all.push(...page);
        if (page.length < MAX_AUDIT_LISTED) break;
        after = page.at(-1)!.seq;
      }
      setEntries(all.reverse());
      setError(null);
      // Block texts as they read now, for entries that name only an id; the log stands without them.
      consensusApi.get(docId).then(
        (view) => setTexts(new Map(view.blocks.flatMap((b) => (b.id ? [[b.id, b.text] as const] : [])))),
        () => {},
      );
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }, [docId]);
  useEffect(() => void load(), [load]);

  const actors = useMemo(() => {
    const names = new Map<string, string>();
    for (const e of entries ?? []) if (!names.has(e.actorId)) names.set(e.actorId, e.actorName ?? e.actorId);
    return [...names].sort((a, b) => a[1].localeCompare(b[1]));
  }, [entries]);
  const shown = useMemo(() => (entries ? filterAudit(entries, filter, (id) => texts.get(id)) : []), [entries, filter, texts]);
  const set = (patch: Partial<AuditFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setLimit(SHOWN);
  };

  const failed = metaError ?? error;
  if (failed instanceof ApiError && failed.status === 404) return <DocUnavailable docId={docId} />;
  if (failed instanceof ApiError && failed.status === 403)
    return (
      <MessagePage
        testId="audit-forbidden"
        title="Only the author and publishers read the audit log"
        body="Every vote, rule change and membership change is recorded; ask the report author if you need to see it."
        action={{ label: 'Back to the document', onClick: () => navigate(docPath(docId)) }}
      />
    );

  return (
    <div className="subpage">
      <AppHeader>
        <DocBreadcrumb docId={docId} title={meta?.title ?? null} here="Audit log" />
      </AppHeader>
      <main className="subpage__body subpage__body--wide" data-testid="audit-page">
        {failed && (
          <p className="form__error" role="alert">
            The audit log could not be loaded: {failed.message}
          </p>
        )}
        <form className="audit-filters" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
          <label>
            Who
            <select value={filter.who} onChange={(e) => set({ who: e.target.value })} data-testid="audit-who">
              <option value="">Anyone</option>
              {actors.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            What
            <select value={filter.what} onChange={(e) => set({ what: e.target.value })} data-testid="audit-what">
              <option value="">Anything</option>
              {ACTION_GROUPS.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input type="date" value={filter.from} onChange={(e) => set({ from: e.target.value })} data-testid="audit-from" />
          </label>
          <label>
            To
            <input type="date" value={filter.to} onChange={(e) => set({ to: e.target.value })} data-testid="audit-to" />
          </label>
          <label className="audit-filters__block">
            Which block
            <input
              type="search"
              placeholder="Words of the paragraph, or its id"
              value={filter.block}
              onChange={(e) => set({ block: e.target.value })}
              data-testid="audit-block"
            />
          </label>
          <button type="button" className="button button--quiet" onClick={() => set(NO_FILTER)} data-testid="audit-clear">
            Clear filters
          </button>
        </form>

        {!entries && !failed && <p className="muted">Loading the audit log…</p>}
        {entries && (
          <p className="muted" aria-live="polite" data-testid="audit-count" data-count={shown.length}>
            {shown.length === entries.length
              ? `${plural(entries.length, 'entry', 'entries')}, newest first.`
              : `${shown.length} of ${plural(entries.length, 'entry', 'entries')} match, newest first.`}
            {shown.length > limit && ` The first ${limit} are shown.`}
          </p>
        )}
        {entries && shown.length > 0 && (
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Block</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, limit).map((e) => (
                <tr key={e.seq} data-testid="audit-entry" data-action={e.action} data-seq={e.seq}>
                  <td className="audit-table__when">{e.at.slice(0, 16).replace('T', ' ')}</td>
                  <td>{e.actorName ?? e.actorId}</td>
                  <td>{describeEntry(e)}</td>
                  <td className="audit-table__block">
                    <BlockCell entry={e} texts={texts} docId={docId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {shown.length > limit && (
          <button className="button" onClick={() => setLimit((l) => l + SHOWN)} data-testid="audit-more">
            Show {Math.min(SHOWN, shown.length - limit)} more
          </button>
        )}
      </main>
    </div>
  );
}

function BlockCell({ entry, texts, docId }: { entry: AuditEntryJson; texts: ReadonlyMap<string, string>; docId: string }) {
  const ids = blockIds(entry);
  if (ids.length === 0) return <span className="muted">—</span>;
  if (ids.length > 1) return <span>{plural(ids.length, 'block')}</span>;
  const id = ids[0]!;
  const text = texts.get(id) ?? (typeof entry.details.text === 'string' ? entry.details.text : undefined);
  const href = `${docPath(docId)}#block-${encodeURIComponent(id)}`;
  return (
    <a
      href={href}
      onClick={(e) => {
        e.preventDefault();
        navigate(href);
      }}
      title={texts.has(id) ? 'Open the paragraph in the document' : 'This paragraph is no longer in the document'}
    >
      {text ? excerpt(text) : id}
    </a>
  );
}

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text || '(empty)';
}
