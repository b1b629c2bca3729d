/** Providers (query cache, session) and the router; the layouts and pages load lazily per route. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError } from '../api/client';
import { prefetchSession, SessionProvider } from '../api/session';
import { homeLists } from '../features/phone/home-lists';
import { firstRowsQuery } from '../features/phone/records';
import { router } from './routes';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx is an answer, not a glitch: retrying it only delays the message.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

// Asked before React renders (and while the texts load), so a signed-in page does not wait a round trip longer.
// The phone home's lists follow as soon as the session names the person, so its first render can show them.
void prefetchSession(queryClient).then((session) => {
  if (!session || !/^\/m\/?$/.test(window.location.pathname)) return;
  for (const list of Object.values(homeLists(session.user.id))) void queryClient.prefetchQuery(firstRowsQuery(list.path, list.query, list.limit));
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  );
}
