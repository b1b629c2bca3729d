/**
 * What a payout line calls its rule when a person reads it: the plan component's `name` when the plan gives one, else
 * its id. A draw is the plan's own setting rather than a component, so it is named in the reader's language.
 */
import type { Locale } from '../platform/errors.js';
import type { Plan } from './plan-schema.js';

const drawName: Record<Locale, string> = { en: 'Draw', 'zh-CN': '预支保底' };

/** The names a plan gives its components, by id (components without a name are left out). */
export function componentNames(plan: Pick<Plan, 'components'>): Map<string, string> {
  const names = new Map<string, string>();
  for (const component of plan.components) {
    const name = component.name?.trim();
    if (name) names.set(component.id, name);
  }
  return names;
}

/** `names`: the line's plan version's componentNames, or null when that version is not at hand. */
export function ruleName(names: ReadonlyMap<string, string> | null, componentId: string, locale: Locale): string {
  return names?.get(componentId) ?? (componentId === 'draw' ? drawName[locale] : componentId);
}
