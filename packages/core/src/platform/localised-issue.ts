/**
 * Field errors a person reads in their own language. A schema adds the issue with its text in every language; the
 * server's error handler answers with the caller's (Accept-Language), and the web app can read `params.localised`.
 */
import type { z } from 'zod';
import type { LocalisedText, Locale } from './errors.js';

export function addLocalisedIssue(ctx: z.RefinementCtx, text: LocalisedText, path?: PropertyKey[]): void {
  ctx.addIssue({ code: 'custom', message: text.en, params: { localised: text }, ...(path ? { path } : {}) });
}

/** The text of an issue made by `addLocalisedIssue`, in `locale`; undefined for any other issue. */
export function localisedIssueText(issueParams: unknown, locale: Locale): string | undefined {
  const localised = (issueParams as { localised?: Partial<LocalisedText> } | undefined)?.localised;
  return typeof localised?.[locale] === 'string' ? localised[locale] : undefined;
}
