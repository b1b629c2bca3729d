/**
 * Where a benchmark writes its result: bench/results/<name>-<UTC date and time to the second>.json, never over an
 * earlier file (two runs in the same second get -2, -3, …). Every script names its files the same way.
 */
import fs from 'node:fs';
import path from 'node:path';

const results = path.join(import.meta.dirname, 'results');

/** A new result file's path for `name` (e.g. "commission-wiring-sqlite"); the folder is made if missing. */
export function resultFile(name, at = new Date()) {
  fs.mkdirSync(results, { recursive: true });
  const stamp = at.toISOString().slice(0, 19).replace(/:/g, '-');
  for (let n = 1; ; n += 1) {
    const file = path.join(results, `${name}-${stamp}${n === 1 ? '' : `-${n}`}.json`);
    if (!fs.existsSync(file)) return file;
  }
}
