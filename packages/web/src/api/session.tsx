/** Who is signed in: loaded from /auth/me, kept in the query cache, cleared on logout or when the server drops it. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Permission, Role, User } from '@closeloop/core';
import { api, ApiError, onSessionLost, setCsrfToken } from './client';

export interface Org {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
}
export interface Session {
  user: User;
  org: Org;
  permissions: string[];
  csrfToken: string;
  expiresAt: string;
}

interface SessionState {
  session: Session | null;
  loading: boolean;
  /** Set when the server ended the session (expiry, sign-out elsewhere), so the login page can say why. */
  expired: boolean;
  /** Set when the person signed out here: the login page then needs no "come back to" address. */
  signedOut: boolean;
  signIn(login: string, password: string): Promise<Session>;
  signOut(): Promise<void>;
  can(permission: Permission): boolean;
  is(...roles: Role[]): boolean;
}

const SessionContext = createContext<SessionState | null>(null);
const meKey = ['auth', 'me'] as const;

async function loadMe(): Promise<Session | null> {
  try {
    return await api<Session>('/auth/me');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

/** Starts loading the session at start-up, before the first render asks for it; null when nobody is signed in. */
export function prefetchSession(client: QueryClient): Promise<Session | null> {
  return client.fetchQuery({ queryKey: meKey, queryFn: loadMe, staleTime: Infinity }).catch(() => null);
}

/**
 * Forgets everything cached for the previous person and stores the new session. The session query itself stays in
 * the cache: clearing it too would detach this provider's observer, which then never sees the new value.
 */
function replaceSession(client: QueryClient, next: Session | null): void {
  client.setQueryData(meKey, next);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  // Why there is no session any more, if it ended in this tab: the two flags below can never both hold.
  const [ended, setEnded] = useState<'expired' | 'signedOut' | null>(null);
  const me = useQuery({ queryKey: meKey, queryFn: loadMe, staleTime: Infinity, retry: 1 });
  const session = me.data ?? null;

  useEffect(() => setCsrfToken(session?.csrfToken ?? null), [session]);
  useEffect(
    () =>
      onSessionLost(() => {
        if (!client.getQueryData(meKey)) return;
        setEnded('expired');
        replaceSession(client, null);
      }),
    [client],
  );
  // A session ends at its expiry even with no request in flight: sign out locally then, with the reason shown.
  useEffect(() => {
    if (!session) return;
    const ms = Date.parse(session.expiresAt) - Date.now();
    // Beyond what setTimeout can wait (~24.8 days; SESSION_ABSOLUTE_HOURS may be longer) clamping would sign out too
    // early; the first request after the real expiry answers 401, which ends the session just the same.
    if (ms > 2 ** 31 - 1) return;
    const timer = setTimeout(() => {
      setEnded('expired');
      replaceSession(client, null);
    }, Math.max(ms, 0));
    return () => clearTimeout(timer);
  }, [session, client]);

  const signIn = useCallback(
    async (login: string, password: string) => {
      const next = await api<Session>('/auth/login', { method: 'POST', body: { login, password } });
      setCsrfToken(next.csrfToken);
      setEnded(null);
      replaceSession(client, next);
      return next;
    },
    [client],
  );
  const signOut = useCallback(async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    setEnded('signedOut');
    replaceSession(client, null);
  }, [client]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      loading: me.isPending,
      expired: ended === 'expired',
      signedOut: ended === 'signedOut',
      signIn,
      signOut,
      can: (permission) => !!session?.permissions.includes(permission),
      is: (...roles) => !!session && roles.includes(session.user.role),
    }),
    [session, me.isPending, ended, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in session; only for pages behind the sign-in guard. */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn on a page without a session');
  return session;
}
