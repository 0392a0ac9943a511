import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Role } from '../api/types';
import { DocSession, type SyncSnapshot } from './doc-session';

/**
 * Opens a DocSession for the document while the component is mounted. The role
 * only seeds the first connection; the server's welcome is authoritative after.
 */
export function useDocSession(docId: string, initialRole: Role): DocSession | null {
  const [session, setSession] = useState<DocSession | null>(null);
  const role = useRef(initialRole);
  useEffect(() => {
    const opened = new DocSession(docId, { initialRole: role.current });
    setSession(opened);
    return () => {
      opened.close();
      setSession(null);
    };
  }, [docId]);
  return session;
}

export function useSyncSnapshot(session: DocSession): SyncSnapshot {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
