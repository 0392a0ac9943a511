import { lazy, Suspense, useEffect } from 'react';
import { navigate, parseRoute, signInPath, useCurrentPath } from './router';
import { SessionProvider, useSession } from './session';
import { SignInPage } from '../pages/SignInPage';
import { DocListPage } from '../pages/DocListPage';
import { MessagePage } from '../pages/MessagePage';

// The light pages (sign-in, document list) are in the entry chunk; the editor
// (TipTap, Yjs) and the heavy pages load on first visit, each as its own chunk.
// The service worker keeps every chunk for offline reloads (public/sw.js).
const EditorPage = lazy(() => import('../pages/editor/EditorPage').then((m) => ({ default: m.EditorPage })));
const DashboardPage = lazy(() => import('../pages/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const ExportPage = lazy(() => import('../pages/export/ExportPage').then((m) => ({ default: m.ExportPage })));
const VersionsPage = lazy(() => import('../pages/versions/VersionsPage').then((m) => ({ default: m.VersionsPage })));
const RulePage = lazy(() => import('../pages/rule/RulePage').then((m) => ({ default: m.RulePage })));
const AuditPage = lazy(() => import('../pages/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const SynthesisPage = lazy(() => import('../pages/synthesis/SynthesisPage').then((m) => ({ default: m.SynthesisPage })));

export function App() {
  return (
    <SessionProvider>
      <Suspense fallback={<PageLoading />}>
        <Routes />
      </Suspense>
    </SessionProvider>
  );
}

function PageLoading() {
  return <div className="page-loading" aria-busy="true" />;
}

function Routes() {
  const path = useCurrentPath();
  const route = parseRoute(path);
  const { me, loadError, retry } = useSession();
  const needsSignIn = me === null && route.page !== 'signin';

  useEffect(() => {
    if (needsSignIn) navigate(signInPath(path), { replace: true });
  }, [needsSignIn, path]);

  if (me === undefined) {
    if (loadError) return <MessagePage title="Concord is not reachable" body={loadError} action={{ label: 'Try again', onClick: retry }} />;
    return <PageLoading />;
  }
  if (route.page === 'signin') return <SignInPage next={route.next} />;
  if (!me) return null;
  switch (route.page) {
    case 'docs':
      return <DocListPage />;
    case 'doc':
      return <EditorPage key={route.docId} docId={route.docId} />;
    case 'export':
      return <ExportPage key={route.docId} docId={route.docId} />;
    case 'synthesis':
      return <SynthesisPage key={route.docId} docId={route.docId} />;
    case 'dashboard':
      return <DashboardPage key={route.docId} docId={route.docId} />;
    case 'versions':
      return <VersionsPage key={route.docId} docId={route.docId} />;
    case 'rule':
      return <RulePage key={route.docId} docId={route.docId} />;
    case 'audit':
      return <AuditPage key={route.docId} docId={route.docId} />;
    case 'missing':
      return (
        <MessagePage
          title="Page not found"
          body="There is nothing at this address."
          action={{ label: 'Go to your documents', onClick: () => navigate('/') }}
        />
      );
  }
}
