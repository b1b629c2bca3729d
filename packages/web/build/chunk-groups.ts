/**
 * How the build splits the code, so a first visit fetches a few files instead of dozens. Left to itself the bundler
 * cuts a chunk for every set of modules shared by the same set of lazy importers: the phone home needed ~35 scripts,
 * each one more request (six at a time over HTTP/1.1) and main-thread time to start and compile. Here:
 * - everything the entry loads up front is one chunk ("app");
 * - what the phone home (its shell and page) needs is bundled by who else needs it: only phone screens
 *   ("phone-home"), also the sign-in page ("phone-login"), also some desk page ("phone-desk"). Other lazy pages keep
 *   the automatic split; core's modules (shared with every page) too.
 * The graph is read from static imports, so the phone home's files import antd-mobile per component, not its index.
 */
import type { Plugin, Rolldown } from 'vite';

const phoneHomeModules = [/[\\/]src[\\/]layouts[\\/]PhoneLayout\.tsx$/, /[\\/]src[\\/]features[\\/]phone[\\/]PhoneHome\.tsx$/];
/** Phone screens and their parts are named Phone*: what only they reach is phone code. */
const phoneCode = /[\\/]src[\\/].*[\\/]Phone[A-Z][A-Za-z]*\.tsx$/;
const loginPage = /[\\/]src[\\/]features[\\/]auth[\\/]LoginPage\.tsx$/;
const coreModule = /[\\/]packages[\\/]core[\\/]/;
/** Index modules that re-export a whole library: the graph through them is everything, whatever is used. */
const libraryIndex = /[\\/]node_modules[\\/]antd-mobile(-icons)?[\\/]es[\\/]index\.js$/;

export function chunkGroups(): Plugin {
  let initial = new Set<string>();
  const phone = { home: new Set<string>(), login: new Set<string>(), desk: new Set<string>() };
  return {
    name: 'closeloop-chunk-groups',
    apply: 'build',
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const reach = (starts: string[], options: { dynamic: boolean; stop: (id: string) => boolean }) => {
        const seen = new Set<string>();
        const stack = starts.filter((id) => !options.stop(id));
        while (stack.length) {
          const id = stack.pop()!;
          if (seen.has(id)) continue;
          seen.add(id);
          const info = this.getModuleInfo(id);
          const next = [...(info?.importedIds ?? []), ...(options.dynamic ? (info?.dynamicallyImportedIds ?? []) : [])];
          for (const other of next) if (!options.stop(other)) stack.push(other);
        }
        return seen;
      };
      const entries = ids.filter((id) => this.getModuleInfo(id)?.isEntry);
      initial = reach(entries, { dynamic: false, stop: () => false });
      const homeRoots = ids.filter((id) => phoneHomeModules.some((pattern) => pattern.test(id)));
      const login = ids.filter((id) => loginPage.test(id));
      if (homeRoots.length !== phoneHomeModules.length || login.length !== 1) this.error('chunk groups: the phone home or sign-in page moved');
      const needed = reach(homeRoots, { dynamic: false, stop: (id) => initial.has(id) || coreModule.test(id) || libraryIndex.test(id) });
      // All a desk visitor can load (every lazy page but phone screens and sign-in), and all the sign-in page loads.
      const desk = reach(entries, { dynamic: true, stop: (id) => phoneCode.test(id) || loginPage.test(id) });
      const signIn = reach(login, { dynamic: true, stop: (id) => phoneCode.test(id) });
      for (const id of needed) {
        if (desk.has(id)) phone.desk.add(id);
        else if (signIn.has(id)) phone.login.add(id);
        else phone.home.add(id);
      }
    },
    outputOptions(options) {
      // The phone groups are closed under imports by construction (a module's imports are reached with it), so they
      // take no dependencies of their own: those stay where their other users need them.
      const exact = { includeDependenciesRecursively: false };
      return {
        ...options,
        codeSplitting: {
          groups: [
            { name: 'app', test: (id: string) => initial.has(id) },
            { name: 'phone-home', test: (id: string) => phone.home.has(id), ...exact },
            { name: 'phone-login', test: (id: string) => phone.login.has(id), ...exact },
            { name: 'phone-desk', test: (id: string) => phone.desk.has(id), ...exact },
          ] satisfies Rolldown.CodeSplittingGroup[],
        },
      };
    },
  };
}
