/** Route guards: sign-in required, and role-restricted areas. The server checks every request anyway; these only
 *  keep people from landing on pages that would answer 403. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '@closeloop/core';
import { useSession } from '../api/session';
import { useLiveStream } from '../api/live';
import { desktopStart, isPhoneScreen } from '../lib/device';

export function RequireSession({ children }: { children: ReactNode }) {
  const { session, loading, signedOut } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  useLiveStream(!!session);
  if (loading) return <div className="boot">{t('common.loading')}</div>;
  if (!session && signedOut) return <Navigate to="/login" replace />;
  if (!session) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

/** Where a person starts: the phone home on a phone; otherwise the view their role works in. */
export function StartPage() {
  const { session } = useSession();
  if (!session) return <Navigate to="/login" replace />;
  if (isPhoneScreen()) return <Navigate to="/m" replace />;
  return <Navigate to={desktopStart(session.user.role)} replace />;
}

export function useAllowed(roles: readonly Role[]): boolean {
  const { session } = useSession();
  return !!session && roles.includes(session.user.role);
}
