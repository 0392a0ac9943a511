/**
 * The editor page: loads the document's meta (404: DocUnavailable), then opens the
 * live session and lays out outline | document | side panels.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { ApiError, docsApi, type DocMeta, type Role } from '../../api';
import { AppHeader } from '../../app/AppHeader';
import { useMe, useSession } from '../../app/session';
import { navigate } from '../../app/router';
import { MessagePage } from '../MessagePage';
import { DocUnavailable } from '../DocUnavailable';
import { localCache } from '../../app/local-cache';
import { useDocSession, useSyncShape } from '../../sync/use-doc-session';
import { useBeforeUnload } from '../../sync/use-before-unload';
import type { DocSession } from '../../sync/doc-session';
import { CloseCode } from '@concord/shared';
import { DocEditor } from '../../editor/DocEditor';
import { NotesList } from '../../editor/report/NotesList';
import { Outline } from '../../editor/Outline';
import { featureExtensions } from '../../editor/features';
import { DocTitle } from './DocTitle';
import { StatusLine, SyncNotice } from './StatusLine';
import { PresenceList } from './PresenceList';
import { ReadOnlyBanner } from './ReadOnlyBanner';
import { SidePanels } from './SidePanels';
import { ShortcutListDialog, useShortcutList } from './ShortcutList';
import { ExportLink } from '../export/ExportLink';
import { VersionsLink } from '../versions/VersionsLink';
import { SynthesisLink } from '../synthesis/SynthesisLink';
import { DashboardLink } from '../../consensus/DashboardLink';
import { DocTools, type Drawer } from './DocTools';
import { useDrawer } from './use-drawer';
import { RoundsBar } from '../../rounds/RoundsBar';

export function EditorPage({ docId }: { docId: string }) {
  const [meta, setMeta] = useState<DocMeta | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  // Whether this device had opened the document (its meta cached) when the server answered 404.
  const [openedBefore, setOpenedBefore] = useState(false);
  const onTitle = useCallback((title: string) => setMeta((m) => (m ? { ...m, title } : m)), []);

  useEffect(() => {
    let live = true;
    docsApi.get(docId).then(
      (m) => {
        localCache.setDocMeta(m);
        if (live) setMeta(m);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) {
          if (live) setOpenedBefore(localCache.docMeta(docId) !== null);
          localCache.forgetDoc(docId);
        }
        // Server unreachable: open the copy kept on this device.
        const cached = err instanceof ApiError && err.isNetwork ? localCache.docMeta(docId) : null;
        if (!live) return;
        if (cached) setMeta(cached);
        else setError(err instanceof Error ? err : new Error(String(err)));
      },
    );
    return () => {
      live = false;
    };
  }, [docId]);

  if (error instanceof ApiError && error.status === 404) return <DocUnavailable docId={docId} openedBefore={openedBefore} />;
  if (error)
    return (
      <MessagePage
        title="This document could not be opened"
        body={error.message}
        action={{ label: 'Try again', onClick: () => location.reload() }}
      />
    );
  if (!meta) return <div className="page-loading" aria-busy="true" />;
  return <Workspace meta={meta} onTitle={onTitle} />;
}

function Deleted() {
  return (
    <MessagePage
      testId="no-access"
      title="This document was deleted"
      body="Its author deleted it."
      action={{ label: 'Go to your documents', onClick: () => navigate('/') }}
    />
  );
}

function Workspace({ meta, onTitle }: { meta: DocMeta; onTitle: (title: string) => void }) {
  const session = useDocSession(meta.id, meta.capabilities);
  if (!session) return <div className="page-loading" aria-busy="true" />;
  return <LiveWorkspace meta={meta} session={session} onTitle={onTitle} />;
}

function LiveWorkspace({ meta, session, onTitle }: { meta: DocMeta; session: DocSession; onTitle: (title: string) => void }) {
  const me = useMe();
  const { expired } = useSession();
  // Not the whole snapshot: its unsaved count changes at every keystroke (StatusLine reads it).
  const sync = useSyncShape(session);
  const [editor, setEditor] = useState<Editor | null>(null);
  const onEditor = useCallback((e: Editor | null) => setEditor(e), []);
  const role: Role = sync.role ?? meta.role;
  // What this role may do comes from the server: the welcome on the socket, else GET /api/docs/:id.
  const capabilities = sync.capabilities ?? meta.capabilities;
  const editable = capabilities.includes('edit');
  // Built once per session: the editor is not rebuilt when the role changes.
  const features = useMemo(() => featureExtensions({ docId: meta.id, session }), [meta.id, session]);
  const [drawer, setDrawer] = useDrawer();

  const [shortcutsOpen, closeShortcuts] = useShortcutList();
  const hasUnsaved = useCallback(() => session.getSnapshot().unsaved > 0, [session]);
  useBeforeUnload(editable, hasUnsaved);

  useEffect(
    () =>
      session.onEvent((event) => {
        if (event.type === 'doc.renamed' && typeof event.title === 'string') onTitle(event.title);
      }),
    [session, onTitle],
  );

  const closedCode = sync.closed?.code;
  useEffect(() => {
    if (closedCode === CloseCode.unauthorized) expired();
  }, [closedCode, expired]);
  // This person had opened the document (the server, or this device, gave its meta): they lost access.
  if (closedCode === CloseCode.notFound || closedCode === CloseCode.forbidden) return <DocUnavailable docId={meta.id} openedBefore />;
  if (closedCode === CloseCode.documentDeleted) return <Deleted />;

  return (
    <div className="workspace" data-role={role}>
      <AppHeader
        aside={
          <>
            <StatusLine session={session} editable={editable} />
            <PresenceList awareness={session.provider.awareness} myUserId={me.id} />
            <ExportLink docId={meta.id} capabilities={capabilities} />
            <SynthesisLink docId={meta.id} capabilities={capabilities} />
            <DashboardLink docId={meta.id} />
            <VersionsLink docId={meta.id} capabilities={capabilities} />
          </>
        }
      >
        <DocTitle docId={meta.id} title={meta.title} role={role} capabilities={capabilities} onRenamed={onTitle} />
      </AppHeader>
      <div className="workspace__body">
        <aside
          className={`workspace__outline${drawer === 'outline' ? ' is-open' : ''}`}
          id="drawer-outline"
          aria-label="Outline"
          data-testid="outline-column"
          onClick={(e) => drawer === 'outline' && (e.target as Element).closest('.outline__item') && setDrawer(null)}
        >
          <DrawerClose drawer="outline" onClose={() => setDrawer(null)} />
          <Outline editor={editor} />
        </aside>
        <main className="workspace__doc">
          <DocTools docId={meta.id} editor={editor} editable={editable} drawer={drawer} onDrawer={setDrawer} />
          <SyncNotice session={session} editable={editable} />
          {!editable && <ReadOnlyBanner role={role} />}
          <RoundsBar docId={meta.id} session={session} editor={editor} capabilities={capabilities} />
          {sync.localReady ? (
            <DocEditor
              session={session}
              user={{ name: me.name, color: me.color }}
              editable={editable}
              extra={features}
              onEditor={onEditor}
            />
          ) : (
            <p className="muted">Opening…</p>
          )}
          {sync.localReady && editor && <NotesList editor={editor} />}
        </main>
        <aside
          className={`workspace__panels${drawer === 'panels' ? ' is-open' : ''}`}
          id="drawer-panels"
          aria-label="Consensus, comments and members"
          data-testid="panels-column"
        >
          <DrawerClose drawer="panels" onClose={() => setDrawer(null)} />
          <SidePanels docId={meta.id} role={role} capabilities={capabilities} session={session} editor={editor} />
        </aside>
      </div>
      {shortcutsOpen && <ShortcutListDialog editable={editable} canVote={capabilities.includes('vote')} onClose={closeShortcuts} />}
    </div>
  );
}

function DrawerClose({ drawer, onClose }: { drawer: Drawer; onClose: () => void }) {
  return (
    <button
      className="button button--quiet drawer__close"
      onClick={onClose}
      aria-controls={`drawer-${drawer}`}
      data-testid={`close-${drawer}`}
    >
      Close ✕
    </button>
  );
}
