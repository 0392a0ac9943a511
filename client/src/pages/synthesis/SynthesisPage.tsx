/**
 * The report author's workspace: progress at the top, then every disputed or
 * stale block grouped by section in document order, with what is needed to
 * rewrite it and ask for sign-off again, then every block that only waits for votes. Refreshed on focus, every 15 s while
 * visible, and after each action.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, docsApi } from '../../api';
import type { Person } from '../../api/comments';
import { synthesisApi, type Synthesis } from '../../api/synthesis';
import { AppHeader } from '../../app/AppHeader';
import { docPath, navigate } from '../../app/router';
import { plural } from '../../app/format';
import { describe } from '../../comments/thread-store';
import { MessagePage } from '../MessagePage';
import { DocUnavailable } from '../DocUnavailable';
import { SynthesisProgress } from './SynthesisProgress';
import { SynthesisBlockCard, ThreadSummary } from './SynthesisBlockCard';
import { SynthesisWaiting } from './SynthesisWaiting';
import '../../app/styles/synthesis.css';

const REFRESH_MS = 15_000;

export function SynthesisPage({ docId }: { docId: string }) {
  const [title, setTitle] = useState<string | null>(null);
  const [data, setData] = useState<Synthesis | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [notified, setNotified] = useState<Record<string, Person[]>>({});

  // Loads overlap (the timer, focus, each action): only the newest one's answer is shown, so an
  // answer to a request sent before an adoption cannot put the adopted block back on the page.
  const latestLoad = useRef(0);
  const load = useCallback(() => {
    const n = ++latestLoad.current;
    synthesisApi.get(docId).then(
      (next) => n === latestLoad.current && (setData(next), setError(null)),
      (err: unknown) => n === latestLoad.current && setError(err instanceof Error ? err : new Error(String(err))),
    );
  }, [docId]);

  useEffect(() => {
    docsApi.get(docId).then(
      (meta) => setTitle(meta.title),
      () => {},
    );
    load();
    const timer = setInterval(() => document.visibilityState === 'visible' && load(), REFRESH_MS);
    window.addEventListener('focus', load);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', load);
    };
  }, [docId, load]);

  async function requestReview(blockId: string, message: string): Promise<string | null> {
    try {
      const people = await synthesisApi.requestReview(docId, blockId, message || undefined);
      setNotified((n) => ({ ...n, [blockId]: people }));
      load();
      return null;
    } catch (err) {
      return describe(err);
    }
  }

  if (error instanceof ApiError && error.status === 403) {
    return (
      <MessagePage
        testId="synthesis-forbidden"
        title="Only the report author sees the synthesis workspace"
        body="Commissioners see disputes and comments beside each paragraph in the document."
        action={{ label: 'Open the document', onClick: () => navigate(docPath(docId)) }}
      />
    );
  }
  if (error instanceof ApiError && error.status === 404) return <DocUnavailable docId={docId} />;

  return (
    <div className="synthesis-page">
      <AppHeader
        aside={
          <button className="button" onClick={() => navigate(docPath(docId))} data-testid="open-document">
            Open document
          </button>
        }
      >
        <nav className="doc-title" aria-label="Breadcrumb">
          <a className="doc-title__back" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
            Documents
          </a>
          <span className="doc-title__sep" aria-hidden="true">
            /
          </span>
          <a
            className="doc-title__back doc-title__up"
            href={docPath(docId)}
            onClick={(e) => (e.preventDefault(), navigate(docPath(docId)))}
          >
            {title ?? '…'}
          </a>
          <span className="doc-title__sep" aria-hidden="true">
            /
          </span>
          <h1 className="doc-title__text">Synthesis</h1>
        </nav>
      </AppHeader>
      <main className="synthesis" data-testid="synthesis">
        {error && <p className="banner banner--warn">Could not refresh: {error.message}</p>}
        {!data && !error && <p className="muted">Loading…</p>}
        {data && <SynthesisProgress progress={data.progress} ruleText={data.ruleText} />}
        {data && data.sections.length === 0 && (
          <p className="synthesis__empty" data-testid="synthesis-empty">
            Nothing is disputed or out of date.{' '}
            {data.progress.notAgreed > 0 &&
              `${plural(data.progress.notAgreed, 'block')} still ${data.progress.notAgreed === 1 ? 'needs' : 'need'} votes from the commission (listed below).`}
          </p>
        )}
        {data && data.sections.length > 0 && (
          <p className="muted" data-testid="synthesis-shown">
            First the {plural(data.progress.listed, 'block')} to work on — disputed, changed since someone voted, or with a proposal — by
            section; then the {plural(data.progress.waiting, 'block')} that only wait for votes.
          </p>
        )}
        {data?.sections.map((section) => (
          <section key={section.key} className="syn-section" data-testid="synthesis-section">
            <h2 className="syn-section__title">
              {section.key === 'preamble' ? 'Before the first heading' : section.title || '(untitled section)'}
            </h2>
            {section.blocks.map((block) => (
              <SynthesisBlockCard
                key={block.id}
                docId={docId}
                block={block}
                notified={notified[block.id] ?? null}
                onRequestReview={(message) => requestReview(block.id, message)}
                onChanged={load}
              />
            ))}
          </section>
        ))}
        {data && <SynthesisWaiting docId={docId} waiting={data.waiting} />}
        {data && data.detachedThreads.length > 0 && (
          <section className="syn-section" data-testid="synthesis-detached">
            <h2 className="syn-section__title">Open threads about deleted paragraphs</h2>
            <ul className="syn-group__list">
              {data.detachedThreads.map((t) => (
                <ThreadSummary key={t.id} docId={docId} thread={t} />
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}
