/**
 * Writes the early script (src/boot/early.ts) into the build: a small classic script that index.html runs before the
 * app bundle, with a plan of which requests and which code each kind of address needs first. The code lists come from
 * the bundle itself (a route's chunk and everything it imports that the entry does not already load), so they always
 * name this build's files. It is written into index.html as an inline script; the server's Content-Security-Policy
 * allows it by its sha256.
 */
import type { Plugin, Rolldown } from 'vite';
// Self-contained modules only (no imports of their own), named with their extension as Node's own loader wants.
import { apiUrl } from '../src/api/url.ts';
import { earlyGlobal, startEarly, type EarlyPlan, type EarlyRoute } from '../src/boot/early.ts';
import { homeLists } from '../src/features/phone/home-lists.ts';
import { languageStorageKey, pickLanguage } from '../src/i18n/language.ts';

/** Where index.html takes the early script. */
const marker = '<!--early-requests-->';
const userPlaceholder = '__user__';

type Chunk = Rolldown.OutputChunk & { viteMetadata?: { importedCss: Set<string> } };

/** The API requests of the plan: the session, what every signed-in page asks for, and the phone home's lists. */
export function earlyRequestUrls() {
  return {
    session: apiUrl('/auth/me'),
    signedIn: [apiUrl('/notifications/unread-count')],
    userPlaceholder,
    phoneHome: Object.values(homeLists(userPlaceholder)).map((list) => apiUrl(list.path, { ...list.query, limit: list.limit })),
  };
}

export function earlyRequests(): Plugin {
  return {
    name: 'closeloop-early-requests',
    apply: 'build',
    enforce: 'post',
    generateBundle(_, bundle) {
      const chunks = Object.values(bundle).filter((file): file is Chunk => file.type === 'chunk');
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      // A chunk's static imports before the chunk itself: style sheets must come in that order, the app's own rules
      // after the library's they override.
      const staticClosure = (start: Chunk, into = new Set<string>()): Set<string> => {
        if (into.has(start.fileName)) return into;
        into.add(start.fileName);
        const before = new Set(into);
        for (const name of start.imports) staticClosure(byName.get(name)!, into);
        // Re-insert the chunk after what it imports (a Set keeps insertion order).
        if (into.size > before.size) {
          into.delete(start.fileName);
          into.add(start.fileName);
        }
        return into;
      };
      const entry = chunks.find((chunk) => chunk.isEntry);
      if (!entry) throw new Error('early requests: the build has no entry chunk');
      const loadedByEntry = staticClosure(entry);
      /** The scripts and styles a lazily loaded module needs beyond what the entry loads. */
      const codeOf = (...modules: string[]): Pick<EarlyRoute, 'scripts' | 'styles'> => {
        const files = new Set<string>();
        for (const module of modules) {
          const chunk = chunks.find((candidate) => candidate.moduleIds.some((id) => id.endsWith(module)));
          if (!chunk) throw new Error(`early requests: no chunk for ${module}`);
          staticClosure(chunk, files);
        }
        const needed = [...files].filter((name) => !loadedByEntry.has(name)).map((name) => byName.get(name)!);
        return {
          scripts: needed.map((chunk) => `/${chunk.fileName}`),
          styles: needed.flatMap((chunk) => [...(chunk.viteMetadata?.importedCss ?? [])]).map((name) => `/${name}`),
        };
      };
      const requests = earlyRequestUrls();
      const plan: EarlyPlan = {
        global: earlyGlobal,
        languageKey: languageStorageKey,
        catalogues: { en: codeOf('src/i18n/catalogue-en.ts').scripts, 'zh-CN': codeOf('src/i18n/catalogue-zh-CN.ts').scripts },
        publicPaths: '^/login/?$',
        session: requests.session,
        signedIn: requests.signedIn,
        userPlaceholder,
        routes: [
          { path: '^/m(/|$)', ...codeOf('src/layouts/PhoneLayout.tsx'), requests: [] },
          { path: '^/m/?$', ...codeOf('src/features/phone/PhoneHome.tsx'), requests: requests.phoneHome },
          // The desk's pages differ per address; its shell is common to all of them. "/" decides by screen size.
          { path: '^/(?!m(/|$)|login/?$).+', ...codeOf('src/layouts/DesktopLayout.tsx'), requests: [] },
        ],
      };
      const source = `(${startEarly.toString()})(${JSON.stringify(plan)}, ${pickLanguage.toString()});`;
      // Written into the page itself: a script file would be one more round trip before the parser could go on (a
      // classic script blocks it), and the app bundle waits for the parser. The server's Content-Security-Policy
      // allows this script by its hash, read from index.html (server platform/http/web-app.ts, inlineScriptSources).
      // Text the HTML parser would read as markup inside a script element.
      if (/<\/script|<script|<!--/i.test(source)) throw new Error('early requests: the script holds text that would break its <script> element');
      const html = bundle['index.html'];
      if (html?.type !== 'asset' || !String(html.source).includes(marker)) throw new Error(`early requests: index.html has no ${marker}`);
      html.source = String(html.source).replace(marker, () => `<script>${source}</script>`);
    },
  };
}
