/** Moving around the phone views: back within the app, and where a server link opens on a phone. */
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { phoneLink } from '../../lib/device';

/** Back to the previous page of the app, or to `fallback` when the page was opened directly (a shared link). */
export function useBack(fallback: string): () => void {
  const navigate = useNavigate();
  return useCallback(() => {
    const index = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (index > 0) void navigate(-1);
    else void navigate(fallback, { replace: true });
  }, [navigate, fallback]);
}

const phonePages = [/^\/m$/, /^\/m\/leads(\/[^/]+)?$/, /^\/m\/customers(\/[^/]+)?$/, /^\/m\/log$/, /^\/m\/inbox$/, /^\/m\/me$/, /^\/m\/lead-health\/me$/, /^\/m\/silent-leads$/, /^\/m\/leads\/[^/]+\/screening$/, /^\/m\/contracts(\/[^/]+)?$/];

/** A notification's in-app link as a phone route when the phone has that page; otherwise the desktop page. */
export function phoneTarget(link: string): string {
  if (!link.startsWith('/')) return link;
  const target = phoneLink(link);
  const path = target.split(/[?#]/)[0] ?? target;
  return phonePages.some((page) => page.test(path)) ? target : link;
}
