import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { earlyRequestUrls } from '../../build/early-requests';
import { api } from '../api/client';
import { dropEarlyAnswers } from '../api/early';
import { homeLists } from '../features/phone/home-lists';
import { pickLanguage } from '../i18n/language';
import { earlyGlobal, startEarly, type EarlyPlan } from './early';

const userId = '019a1043-197f-740f-952f-d362e2c2ca2b';
const requests = earlyRequestUrls();
const plan: EarlyPlan = {
  global: earlyGlobal, languageKey: 'closeloop.language', catalogues: {}, publicPaths: '^/login/?$',
  session: requests.session, signedIn: requests.signedIn, userPlaceholder: requests.userPlaceholder,
  routes: [{ path: '^/m/?$', scripts: [], styles: [], requests: requests.phoneHome }],
};
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('early requests (index.html asks before the app arrives; the app takes the answers)', () => {
  let fetched: string[];
  beforeEach(() => {
    fetched = [];
    vi.stubGlobal('window', {});
    vi.stubGlobal('localStorage', { getItem: () => null });
    vi.stubGlobal('navigator', { language: 'zh-CN' });
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      fetched.push(url);
      if (url === requests.session) return json({ user: { id: userId } });
      return json({ items: [{ url }], nextCursor: null });
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const openAt = (path: string) => {
    vi.stubGlobal('location', { pathname: path });
    startEarly(plan, pickLanguage);
  };

  it('on the phone home: the session, then the home lists for the person it names, each answering the app once', async () => {
    openAt('/m');
    const home = Object.values(homeLists(userId));

    // The app asks as the home page does, right when it has the session: the early answers are already on their way
    // and serve it without another request.
    expect(await api('/auth/me')).toEqual({ user: { id: userId } });
    expect(fetched).toHaveLength(2 + home.length);
    for (const list of home) {
      const page = await api<{ items: Array<{ url: string }> }>(list.path, { query: { ...list.query, limit: list.limit } });
      expect(page.items[0]!.url).toContain(`ownerId=${userId}`);
    }
    expect(fetched).toHaveLength(2 + home.length);
    // Taken once: the next read is a request of its own.
    await api('/auth/me');
    expect(fetched).toHaveLength(3 + home.length);
  });

  it('a page that is no longer starting reads the server anew (a refresh after a live change must not get the first answer)', async () => {
    openAt('/m');
    await settle();
    (window as unknown as Record<string, { at: number }>)[earlyGlobal]!.at -= 20_000;
    await api('/auth/me');
    expect(fetched.filter((url) => url === requests.session)).toHaveLength(2);
  });

  it('an early answer the start did not use is dropped once the first screen is up (the live stream may have newer data)', async () => {
    openAt('/m');
    await api('/auth/me');
    dropEarlyAnswers();
    await api('/notifications/unread-count');
    expect(fetched.filter((url) => url === requests.signedIn[0])).toHaveLength(2);
  });

  it('nobody signed in: only the session is asked; the sign-in page asks for nothing', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => (fetched.push(url), json({ error: { code: 'UNAUTHENTICATED', message: '' } }, 401))));
    openAt('/m');
    await settle();
    expect(fetched).toEqual([requests.session]);

    vi.stubGlobal('window', {});
    fetched = [];
    openAt('/login');
    await settle();
    expect(fetched).toEqual([]);
  });
});
