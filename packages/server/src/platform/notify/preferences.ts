/**
 * A person's choices: which channels besides the inbox carry each template, and the quiet hours (in the company's
 * time zone) during which email and robots wait. The inbox and live push are never held back.
 */
import { optionalChannels, type NotificationTemplate, type OptionalChannel } from '@closeloop/core';
import { nextOccurrence } from '../jobs/index.js';
import { templates } from './templates.js';

export type ChannelChoices = Partial<Record<NotificationTemplate, OptionalChannel[]>>;

export interface QuietHours {
  start: string; // HH:mm
  end: string;
}

/** The channels besides the inbox that carry `template` for a person with these choices. */
export function channelsFor(template: NotificationTemplate, choices: ChannelChoices): OptionalChannel[] {
  const chosen = choices[template] ?? templates[template].defaultChannels;
  return optionalChannels.filter((c) => chosen.includes(c));
}

export function parseChoices(json: string | null | undefined): ChannelChoices {
  if (!json) return {};
  const parsed = JSON.parse(json) as Record<string, unknown>;
  const choices: ChannelChoices = {};
  for (const [template, channels] of Object.entries(parsed)) {
    // A template that a newer version stopped sending is simply forgotten.
    if (!(template in templates) || !Array.isArray(channels)) continue;
    choices[template as NotificationTemplate] = optionalChannels.filter((c) => channels.includes(c));
  }
  return choices;
}

export function quietHoursOf(row: { quiet_start: string | null; quiet_end: string | null } | undefined): QuietHours | null {
  return row?.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const wallClocks = new Map<string, Intl.DateTimeFormat>();

function minuteOfDay(at: Date, timeZone: string): number {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
    wallClocks.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/**
 * When the quiet hours that `now` falls in end, or null when `now` is not in quiet hours. Quiet hours may span
 * midnight (22:00–08:00); their end is found by the same DST-safe occurrence rule as the schedules.
 */
export function quietUntil(now: Date, quiet: QuietHours | null, timeZone: string): Date | null {
  if (!quiet) return null;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  if (start === end) return null;
  const current = minuteOfDay(now, timeZone);
  const inside = start < end ? current >= start && current < end : current >= start || current < end;
  if (!inside) return null;
  return nextOccurrence(`${end % 60} ${Math.floor(end / 60)} * * *`, timeZone, now);
}
