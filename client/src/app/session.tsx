/** Who is signed in, for the whole app. Unauthenticated users are sent to sign-in. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, authApi, onUnauthorized, type Me } from '../api';
import { navigate, signInPath } from './router';
import { localCache } from './local-cache';

interface SessionValue {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  /** A network failure while finding out who is signed in. */
  loadError: string | null;
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
  /** The server says the session is gone (expired or revoked): forget it and ask to sign in. */
  expired: () => void;
  retry: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    authApi.me().then(
      (user) => {
        if (!live) return;
        if (user) localCache.setMe(user);
        else localCache.clear();
        setMe(user);
        setLoadError(null);
      },
      (err: unknown) => {
        if (!live) return;
        // Server unreachable: whoever was signed in on this device can keep
        // working on documents kept here; the server checks again on reconnect.
        const cached = err instanceof ApiError && err.isNetwork ? localCache.me() : null;
        if (cached) setMe(cached);
        else setLoadError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  // A session that expires or is revoked mid-use sends the user to sign in.
  const expired = useCallback(() => {
    localCache.clear();
    setMe(null);
    if (!location.pathname.startsWith('/signin')) navigate(signInPath(), { replace: true });
  }, []);
  useEffect(() => onUnauthorized(expired), [expired]);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      localCache.clear();
      setMe(null);
      navigate('/signin', { replace: true });
    }
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      me,
      loadError,
      signedIn: (user) => (localCache.setMe(user), setMe(user)),
      signOut,
      expired,
      retry: () => setAttempt((n) => n + 1),
    }),
    [me, loadError, signOut, expired],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** For pages that need a signed-in user (App only renders them once `me` is known). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
