/**
 * Field errors a person reads in their own language. A schema gives a message it writes itself in every language;
 * the server's error handler answers with the caller's (Accept-Language). Any other issue is put in words by its
 * code (issue-text.ts).
 */
import type { z } from 'zod';
import type { LocalisedText, Locale } from './errors.js';

export function addLocalisedIssue(ctx: z.RefinementCtx, text: LocalisedText, path?: PropertyKey[]): void {
  ctx.addIssue({ code: 'custom', message: text.en, params: { localised: text }, ...(path ? { path } : {}) });
}

// zod keeps only a check's English text on its issue; the other languages are found again by that text. Filled while
// the schemas are defined, never per request, so it stays as small as the set of contracts.
const checkTexts = new Map<string, LocalisedText>();

/**
 * A check's own message in every language: `.regex(re, localisedMessage({ en, 'zh-CN' }))`,
 * `.refine(rule, { ...localisedMessage({ en, 'zh-CN' }), path })`. Call it where the schema is defined.
 */
export function localisedMessage(text: LocalisedText): { message: string } {
  const known = checkTexts.get(text.en);
  if (known && known['zh-CN'] !== text['zh-CN']) {
    throw new Error(`"${text.en}" is translated twice: "${known['zh-CN']}" and "${text['zh-CN']}"`);
  }
  checkTexts.set(text.en, text);
  return { message: text.en };
}

/** The message a schema wrote itself for this issue, in every language; undefined when it wrote none (or only English). */
export function ownLocalisedText(issue: { message: string; params?: unknown }): LocalisedText | undefined {
  const localised = (issue.params as { localised?: Partial<LocalisedText> } | undefined)?.localised;
  if (typeof localised?.en === 'string' && typeof localised['zh-CN'] === 'string') return localised as LocalisedText;
  return checkTexts.get(issue.message);
}

/** The text of an issue made by `addLocalisedIssue`, in `locale`; undefined for any other issue. */
export function localisedIssueText(issueParams: unknown, locale: Locale): string | undefined {
  const localised = (issueParams as { localised?: Partial<LocalisedText> } | undefined)?.localised;
  return typeof localised?.[locale] === 'string' ? localised[locale] : undefined;
}
