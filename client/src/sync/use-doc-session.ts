import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Capability } from '../api/types';
import { DocSession, type SyncSnapshot } from './doc-session';

/**
 * Opens a DocSession for the document while the component is mounted. The
 * capabilities (from GET /api/docs/:id) only seed the first connection; the
 * server's welcome is authoritative after.
 */
export function useDocSession(docId: string, initialCapabilities: readonly Capability[]): DocSession | null {
  const [session, setSession] = useState<DocSession | null>(null);
  const capabilities = useRef(initialCapabilities);
  useEffect(() => {
    const opened = new DocSession(docId, { initialCapabilities: capabilities.current });
    setSession(opened);
    return () => {
      opened.close();
      setSession(null);
    };
  }, [docId]);
  return session;
}

/** One value of the snapshot (compared with Object.is): re-renders only when it changes. */
export function useSyncValue<T extends string | number | boolean | null>(session: DocSession, select: (snapshot: SyncSnapshot) => T): T {
  return useSyncExternalStore(session.subscribe, () => select(session.getSnapshot()));
}

/** The snapshot without the unsaved count (read it with useSyncValue, or from the session when needed). */
export type SyncShape = Omit<SyncSnapshot, 'unsaved'>;

function shapeOf(s: SyncSnapshot): SyncShape {
  const { unsaved: _unsaved, ...rest } = s;
  return rest;
}

function sameShape(a: SyncShape, b: SyncShape): boolean {
  return (Object.keys(a) as (keyof SyncShape)[]).every((k) => Object.is(a[k], b[k]));
}

/**
 * For the page around the editor: re-renders when the connection or role
 * changes, not at each keystroke (a re-render of the whole
 * page per keystroke was most of the typing lag on a 150-page report).
 */
export function useSyncShape(session: DocSession): SyncShape {
  const last = useRef<SyncShape | null>(null);
  return useSyncExternalStore(session.subscribe, () => {
    const next = shapeOf(session.getSnapshot());
    if (last.current && sameShape(last.current, next)) return last.current;
    last.current = next;
    return next;
  });
}
