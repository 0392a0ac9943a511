/**
 * The dashboard has no editor: it reads the session's Y.Doc as a ProseMirror
 * document (a few times a second at most) and lets the store compute the view,
 * with the same rules and the same incremental index as the gutter.
 */
import { useEffect } from 'react';
import { ydocToProseMirror } from '@concord/shared';
import type { DocSession } from '../../sync/doc-session';
import type { ConsensusStore } from '../../consensus/consensus-store';

const REFRESH_MS = 250;

export function useYDocView(session: DocSession, store: ConsensusStore): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      timer = undefined;
      store.computeView(ydocToProseMirror(session.doc));
    };
    const schedule = () => {
      if (!timer) timer = setTimeout(run, REFRESH_MS);
    };
    // Looking at the dashboard is not being in the document: no presence, no caret.
    session.provider.awareness.setLocalState(null);
    run();
    session.doc.on('update', schedule);
    const offModel = store.onModelChange(schedule);
    return () => {
      session.doc.off('update', schedule);
      offModel();
      clearTimeout(timer);
    };
  }, [session, store]);
}
