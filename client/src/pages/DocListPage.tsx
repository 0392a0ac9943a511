import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { ApiError, docsApi, type DocSummary } from '../api';
import { AppHeader } from '../app/AppHeader';
import { docPath, navigate } from '../app/router';
import { RoleBadge } from '../app/RoleBadge';
import { relativeTime } from '../app/format';
import { RenameForm } from '../app/RenameForm';
import { readableDeadline, roundAsk, roundScope } from '../rounds/round-text';
import { ImportDraftButton } from './import/ImportDraftButton';

export function DocListPage() {
  const [docs, setDocs] = useState<DocSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    docsApi.list().then(
      (list) => (setDocs([...list].sort((a, b) => b.updated.localeCompare(a.updated))), setError(null)),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <>
      <AppHeader />
      <main className="doc-list">
        <div className="doc-list__head">
          <h1>Your documents</h1>
          <CreateDocForm />
          <ImportDraftButton onImported={load} />
        </div>
        {error && (
          <p className="form__error" role="alert">
            Could not load your documents: {error}{' '}
            <button className="button button--link" onClick={load}>
              Try again
            </button>
          </p>
        )}
        {docs === null && !error && <p className="muted">Loading…</p>}
        {docs?.length === 0 && (
          <p className="muted">You are not a member of any document yet. Create one, or ask a report author to add you.</p>
        )}
        {docs && docs.length > 0 && (
          <ul className="doc-list__items" data-testid="doc-list">
            {docs.map((doc) => (
              <DocRow
                key={doc.id}
                doc={doc}
                onRenamed={(title) => setDocs((all) => all?.map((d) => (d.id === doc.id ? { ...d, title } : d)) ?? null)}
              />
            ))}
          </ul>
        )}
      </main>
    </>
  );
}

function CreateDocForm() {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!title.trim()) return setError('Give the document a title.');
    setBusy(true);
    setError(null);
    try {
      const created = await docsApi.create(title.trim());
      navigate(docPath(created.id));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  }
  return (
    <form className="create-doc" onSubmit={submit}>
      <input
        aria-label="Title of the new document"
        placeholder="Title of a new document"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={200}
        data-testid="new-doc-title"
      />
      <button type="submit" className="button button--primary" disabled={busy}>
        New document
      </button>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function DocRow({ doc, onRenamed }: { doc: DocSummary; onRenamed: (title: string) => void }) {
  const [renaming, setRenaming] = useState(false);
  return (
    <li className="doc-row" data-testid="doc-row" data-doc-id={doc.id}>
      {renaming ? (
        <RenameForm
          docId={doc.id}
          title={doc.title}
          onDone={(title) => {
            setRenaming(false);
            if (title) onRenamed(title);
          }}
        />
      ) : (
        <a
          className="doc-row__title"
          href={docPath(doc.id)}
          onClick={(e) => {
            e.preventDefault();
            navigate(docPath(doc.id));
          }}
        >
          {doc.title}
        </a>
      )}
      <RoleBadge role={doc.role} />
      {typeof doc.needsMyReview === 'number' && (
        <span
          className={`doc-row__review${doc.needsMyReview === 0 ? ' doc-row__review--done' : ''}`}
          data-testid="needs-my-review"
          data-count={doc.needsMyReview}
        >
          {doc.needsMyReview === 0 ? 'all reviewed' : `${doc.needsMyReview} to review`}
        </span>
      )}
      {doc.round && (
        <span className="doc-row__round" data-testid="doc-round" data-left={doc.round.left ?? ''}>
          {doc.round.left === null
            ? `review round due ${readableDeadline(doc.round.deadline)}`
            : roundAsk(doc.round.left, roundScope(doc.round), doc.round.deadline)}
        </span>
      )}
      <span className="doc-row__updated muted">edited {relativeTime(doc.updated)}</span>
      {doc.capabilities.includes('manage') && !renaming && (
        <button className="button button--quiet" onClick={() => setRenaming(true)}>
          Rename
        </button>
      )}
    </li>
  );
}
