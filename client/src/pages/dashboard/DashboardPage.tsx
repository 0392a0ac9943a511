/**
 * The coverage dashboard (`/d/:id/dashboard`): how much of the report is
 * agreed, progress by section as a picture, and who has reviewed what. Live:
 * it opens the document like the editor does and recomputes as votes and
 * edits arrive.
 */
import type { DocMeta } from '../../api';
import { AppHeader } from '../../app/AppHeader';
import { docPath, navigate } from '../../app/router';
import { DocMetaPage } from '../DocMetaPage';
import { useDocSession } from '../../sync/use-doc-session';
import type { DocSession } from '../../sync/doc-session';
import { consensusStoreFor } from '../../consensus/store-registry';
import { useConsensus } from '../../consensus/use-consensus';
import { ProgressSummary, SEGMENTS } from '../../consensus/ProgressSummary';
import { ProgressChart } from './ProgressChart';
import { CoverageGrid } from './CoverageGrid';
import { useYDocView } from './use-ydoc-view';
import '../../app/styles/consensus.css';
import { useRounds } from '../../rounds/use-rounds';
import { RoundProgress } from '../../rounds/RoundProgress';

export function DashboardPage({ docId }: { docId: string }) {
  return (
    <DocMetaPage docId={docId} failed="The dashboard could not be opened">
      {(meta) => <DashboardSession meta={meta} />}
    </DocMetaPage>
  );
}

function DashboardSession({ meta }: { meta: DocMeta }) {
  const session = useDocSession(meta.id, meta.capabilities);
  if (!session) return <div className="page-loading" aria-busy="true" />;
  return <Dashboard meta={meta} session={session} />;
}

function Dashboard({ meta, session }: { meta: DocMeta; session: DocSession }) {
  const store = consensusStoreFor(session);
  useYDocView(session, store);
  const snapshot = useConsensus(store);
  const rollup = snapshot.view?.rollup;
  const back = docPath(meta.id);

  return (
    <div className="dashboard" data-testid="dashboard-page">
      <AppHeader>
        <div className="doc-title">
          <a
            className="doc-title__back doc-title__up"
            href={back}
            onClick={(e) => {
              e.preventDefault();
              navigate(back);
            }}
            data-testid="dashboard-back"
          >
            ← {meta.title}
          </a>
          <span className="doc-title__sep">/</span>
          <h1 className="doc-title__text">Coverage</h1>
        </div>
      </AppHeader>
      <main className="dashboard__body">
        <DashboardRounds docId={meta.id} session={session} canManage={meta.capabilities.includes('manage')} />
        {snapshot.load === 'error' && <p className="form__error">Votes could not be loaded: {snapshot.error}</p>}
        {(!rollup || snapshot.load !== 'ready') && snapshot.load !== 'error' && <p className="muted">Loading…</p>}
        {rollup && snapshot.load === 'ready' && (
          <>
            <section
              className="dash-card dash-card--headline"
              data-testid="dashboard-share"
              data-share={rollup.totals.shareAgreed.toFixed(4)}
            >
              <ProgressSummary counts={rollup.totals} />
              <p className="muted dash-rule">
                {snapshot.ruleText} · {snapshot.commissioners.length} commissioner{snapshot.commissioners.length === 1 ? '' : 's'}
              </p>
            </section>
            <section className="dash-card">
              <div className="dash-card__head">
                <h2>Progress by section</h2>
                <ul className="dash-key" aria-label="Colours">
                  {SEGMENTS.map((s) => (
                    <li key={s.key}>
                      <span className={`dash-key__swatch cg-bar__seg--${s.key}`} />
                      {s.label}
                    </li>
                  ))}
                  <li>⚠ changed since voted</li>
                </ul>
              </div>
              <ProgressChart sections={rollup.sections} />
            </section>
            <section className="dash-card">
              <div className="dash-card__head">
                <h2>Who has reviewed what</h2>
                <p className="muted">Blocks each commissioner has voted on (agree or dispute) in their current wording, per section.</p>
              </div>
              <CoverageGrid sections={rollup.sections} coverage={rollup.coverage} commissioners={snapshot.commissioners} me={snapshot.me} />
            </section>
          </>
        )}
      </main>
    </div>
  );
}

/** The review rounds against their deadlines: open ones live, closed ones as they ended (the last three). */
function DashboardRounds({ docId, session, canManage }: { docId: string; session: DocSession; canManage: boolean }) {
  const { rounds, reload } = useRounds(docId, session);
  if (!rounds || rounds.rounds.length === 0) return null;
  const shown = [...rounds.rounds.filter((r) => r.state === 'open'), ...rounds.rounds.filter((r) => r.state === 'closed').slice(0, 3)];
  return (
    <section className="dash-card" data-testid="dashboard-rounds">
      <div className="dash-card__head">
        <h2>Review rounds</h2>
      </div>
      {shown.map((r) => (
        <RoundProgress key={r.id} round={r} canManage={canManage} onChanged={reload} />
      ))}
    </section>
  );
}
