/**
 * How the build splits the code, so a first visit fetches fewer files. Left to itself the bundler cuts the modules the
 * entry shares with lazy pages (the JSX runtime, the query hooks, ...) into small chunks of their own, each one more
 * request before the app can start; here everything the entry loads up front is one chunk.
 */
import type { Plugin, Rolldown } from 'vite';

export function chunkGroups(): Plugin {
  let initial = new Set<string>();
  return {
    name: 'closeloop-chunk-groups',
    apply: 'build',
    buildEnd() {
      const seen = new Set<string>();
      const stack = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      while (stack.length) {
        const id = stack.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
      initial = seen;
    },
    outputOptions(options) {
      return {
        ...options,
        codeSplitting: {
          groups: [
            { name: 'app', test: (id: string) => initial.has(id) },
          ] satisfies Rolldown.CodeSplittingGroup[],
        },
      };
    },
  };
}
