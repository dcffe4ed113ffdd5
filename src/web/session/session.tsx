import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { Permission } from '../../shared/permissions';
import { ApiError, api, onUnauthenticated, setCsrfToken } from '../api/client';
import type { Me } from '../api/types';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; hasSignedOut?: boolean }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; me: Me };

type Session = {
  state: SessionState;
  /** Asks the server who is signed in (after login, a password change, …). */
  reload: () => Promise<Me | null>;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const reload = useCallback(async (): Promise<Me | null> => {
    try {
      const me = await api.get<Me>('/api/auth/me');
      setCsrfToken(me.csrfToken);
      setState({ status: 'ready', me });
      return me;
    } catch (error) {
      setCsrfToken(null);
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        setState({ status: 'anonymous' });
        return null;
      }
      setState({ status: 'failed', error });
      return null;
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } catch {
      // The session may already be gone; signing out locally is what matters.
    }
    setCsrfToken(null);
    setState({ status: 'anonymous', hasSignedOut: true });
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      }),
    [],
  );

  const value = useMemo(() => ({ state, reload, signOut }), [state, reload, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only inside the routes that require a session. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'ready') throw new Error('useMe without a session');
  return state.me;
}

/** Whether the signed-in user holds a permission (the menu and the buttons ask this). */
export function useCan(): (permission: Permission) => boolean {
  const me = useMe();
  return useCallback((permission) => me.permissions.includes(permission), [me]);
}
