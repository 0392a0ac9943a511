import { useEffect } from 'react';
import { navigate, parseRoute, signInPath, useCurrentPath, type Route } from './router';
import { SessionProvider, useSession } from './session';
import { loadablePage, PageLoading, type LoadablePage } from './loadable-page';
import { SignInPage } from '../pages/SignInPage';
import { DocListPage } from '../pages/DocListPage';
import { MessagePage } from '../pages/MessagePage';

// The light pages (sign-in, document list) are in the entry chunk; the editor
// (TipTap, Yjs) and the heavy pages load on first visit, each as its own chunk.
// The service worker keeps every chunk for offline reloads (public/sw.js).
const EditorPage = loadablePage(() => import('../pages/editor/EditorPage').then((m) => m.EditorPage));
const DashboardPage = loadablePage(() => import('../pages/dashboard/DashboardPage').then((m) => m.DashboardPage));
const ExportPage = loadablePage(() => import('../pages/export/ExportPage').then((m) => m.ExportPage));
const VersionsPage = loadablePage(() => import('../pages/versions/VersionsPage').then((m) => m.VersionsPage));
const RulePage = loadablePage(() => import('../pages/rule/RulePage').then((m) => m.RulePage));
const AuditPage = loadablePage(() => import('../pages/audit/AuditPage').then((m) => m.AuditPage));
const SynthesisPage = loadablePage(() => import('../pages/synthesis/SynthesisPage').then((m) => m.SynthesisPage));

const chunkedPages: Partial<Record<Route['page'], LoadablePage<{ docId: string }>>> = {
  doc: EditorPage,
  dashboard: DashboardPage,
  export: ExportPage,
  versions: VersionsPage,
  rule: RulePage,
  audit: AuditPage,
  synthesis: SynthesisPage,
};

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  );
}

function Routes() {
  const path = useCurrentPath();
  const route = parseRoute(path);
  const { me, loadError, retry } = useSession();
  const needsSignIn = me === null && route.page !== 'signin';
  const chunked = chunkedPages[route.page];

  // The page's code downloads while the session is checked, not after.
  useEffect(() => {
    void chunked?.preload();
  }, [chunked]);

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
