/** The organisation's own settings (H3): its name, and the time zone its schedules, reports and quiet hours keep. */
import { z } from 'zod';
import { addLocalisedIssue } from '../platform/localised-issue.js';

/** The zone's canonical IANA name (`asia/shanghai` → `Asia/Shanghai`), or undefined when it is not one. */
export function canonicalTimeZone(name: string): string | undefined {
  // Names only: fixed offsets (+08:00) would not follow a country's daylight-saving rules.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const timeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .superRefine((name, ctx) => {
    if (canonicalTimeZone(name) !== undefined) return;
    addLocalisedIssue(ctx, { en: 'an IANA time zone such as Asia/Shanghai or Europe/Berlin', 'zh-CN': '请填写 IANA 时区名称，例如 Asia/Shanghai 或 Europe/Berlin' });
  })
  .meta({ description: 'An IANA time zone name, e.g. Asia/Shanghai', example: 'Asia/Shanghai' });

export const organisationUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    timeZone: timeZoneSchema.optional(),
  })
  .meta({ example: { timeZone: 'Europe/Berlin' } });

export const organisation = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string().meta({ description: 'Schedules (the Friday 16:00 report), quiet hours and spreadsheet times follow it' }),
    currency: z.string(),
    createdAt: z.string(),
  })
  .meta({ example: { id: 'org_demo', name: '示例科技有限公司', timeZone: 'Asia/Shanghai', currency: 'CNY', createdAt: '2026-11-26T08:30:00.000Z' } });
export type Organisation = z.infer<typeof organisation>;
