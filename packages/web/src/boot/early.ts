/**
 * What a first visit asks for before the app's code has arrived. index.html runs a tiny script built from
 * `startEarly` (build/early-requests.ts writes it, with the plan below) ahead of the app bundle: it asks for the
 * session and, once the session names the person, for what the address's page opens with (the phone home's lists);
 * and it preloads the code and styles of the shell the address shows and the person's language catalogue. So the
 * requests and downloads run while the browser fetches and compiles the app, not one after another behind it. The
 * app takes each early answer once (api/early.ts) instead of asking again.
 */

/** The window property the early answers are left under. */
export const earlyGlobal = '__closeloopEarly';

export interface EarlyAnswers {
  /** when the requests went out (performance.now()) */
  at: number;
  /** by URL, as api() writes it */
  responses: Record<string, Promise<Response>>;
}

export interface EarlyRoute {
  /** the regular expression (source) an address's path matches */
  path: string;
  /** module scripts and style sheets the route's code needs beyond the app bundle */
  scripts: string[];
  styles: string[];
  /** GET requests made for the signed-in person; `userPlaceholder` stands for their id */
  requests: string[];
}

export interface EarlyPlan {
  global: string;
  languageKey: string;
  /** each language's catalogue scripts */
  catalogues: Record<string, string[]>;
  /** paths (regular expression) that need no session: nothing is asked for there */
  publicPaths: string;
  session: string;
  /** GET requests every signed-in page makes */
  signedIn: string[];
  userPlaceholder: string;
  routes: EarlyRoute[];
}

/**
 * Runs in the page as a classic script, before the app. Its text is copied into that script, so it refers to nothing
 * outside its own body: the plan and the language choice come in as arguments.
 */
export function startEarly(plan: EarlyPlan, pickLanguage: (saved: string | null, browserLanguage: string) => string): void {
  const scope = window as unknown as Record<string, unknown>;
  if (scope[plan.global]) return;
  const answers: EarlyAnswers = { at: performance.now(), responses: {} };
  scope[plan.global] = answers;
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(plan.languageKey);
  } catch {
    // storage blocked: the browser's language decides, as in the app
  }
  const language = pickLanguage(saved, navigator.language);
  const preloaded = new Set<string>();
  const preload = (href: string, style: boolean) => {
    if (preloaded.has(href)) return;
    preloaded.add(href);
    const link = document.createElement('link');
    // The same kind of link, in the same request mode, that the app's lazy imports add: they find it and reuse it.
    link.rel = style ? 'stylesheet' : 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.appendChild(link);
  };
  const get = (url: string) =>
    (answers.responses[url] = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': language } }));

  const path = location.pathname;
  const routes = plan.routes.filter((route) => new RegExp(route.path).test(path));
  // The session first: the browser opens only a few connections to a server, and the code below queues behind it.
  // The app receives the session's answer only once the requests that need the person's id are on their way, so it
  // never asks for one of them itself in the meantime.
  if (!new RegExp(plan.publicPaths).test(path)) {
    answers.responses[plan.session] = get(plan.session).then(async (response) => {
      const session: { user?: { id?: string } } | null = response.ok ? await response.clone().json().catch(() => null) : null;
      const userId = session?.user?.id;
      if (userId) {
        const user = new URLSearchParams({ id: userId }).toString().slice('id='.length);
        for (const route of routes) for (const url of route.requests) get(url.split(plan.userPlaceholder).join(user));
        for (const url of plan.signedIn) get(url);
      }
      return response;
    });
  }
  for (const href of plan.catalogues[language] ?? []) preload(href, false);
  for (const route of routes) {
    for (const href of route.scripts) preload(href, false);
    for (const href of route.styles) preload(href, true);
  }
}
