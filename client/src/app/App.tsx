import { useEffect } from 'react';
import { navigate, parseRoute, signInPath, useCurrentPath } from './router';
import { SessionProvider, useSession } from './session';
import { SignInPage } from '../pages/SignInPage';
import { DocListPage } from '../pages/DocListPage';
import { EditorPage } from '../pages/editor/EditorPage';
import { MessagePage } from '../pages/MessagePage';
import { DashboardPage } from '../pages/dashboard/DashboardPage';
import { ExportPage } from '../pages/export/ExportPage';
import { SynthesisPage } from '../pages/synthesis/SynthesisPage';

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

  useEffect(() => {
    if (needsSignIn) navigate(signInPath(path), { replace: true });
  }, [needsSignIn, path]);

  if (me === undefined) {
    if (loadError) return <MessagePage title="Concord is not reachable" body={loadError} action={{ label: 'Try again', onClick: retry }} />;
    return <div className="page-loading" aria-busy="true" />;
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
    case 'missing':
      return <MessagePage title="Page not found" body="There is nothing at this address." action={{ label: 'Go to your documents', onClick: () => navigate('/') }} />;
  }
}
