/**
 * What a save of the steward settings sends: only the sections whose values differ from what was read, so a PATCH
 * leaves every other section as it is (and does not overwrite a colleague's change to another section).
 */
import type { StewardSettings } from '@closeloop/core';

export function changedSections(before: StewardSettings, after: StewardSettings): Partial<StewardSettings> {
  const keys = Object.keys(before) as Array<keyof StewardSettings>;
  return Object.fromEntries(keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map((key) => [key, after[key]]));
}
