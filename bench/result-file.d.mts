/** A new result file's path for `name`: bench/results/<name>-<UTC time to the second>[-n].json (result-file.mjs). */
export function resultFile(name: string, at?: Date): string;
