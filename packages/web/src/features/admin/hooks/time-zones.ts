/**
 * The IANA time zones this browser knows, each with its name in the person's language and its UTC offset now, for
 * a searchable picker ("Asia/Shanghai · 中国标准时间 · UTC+08:00"). Sorted by offset, then name.
 */
export interface TimeZoneOption {
  value: string;
  label: string;
  offsetMinutes: number;
}

function part(zone: string, locale: string, style: 'longGeneric' | 'longOffset', at: Date): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** "GMT+08:00" → 480; "GMT" → 0. */
export function offsetMinutes(gmt: string): number {
  const match = /([+-])(\d{2}):?(\d{2})?/.exec(gmt);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

export function timeZoneOptions(locale: string, at: Date, extra: readonly string[] = []): TimeZoneOption[] {
  const zones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', ...extra]);
  return [...zones]
    .map((zone) => {
      const gmt = part(zone, 'en-US', 'longOffset', at);
      const utc = gmt === 'GMT' ? 'UTC+00:00' : gmt.replace('GMT', 'UTC');
      const name = part(zone, locale, 'longGeneric', at);
      const label = name && !name.startsWith('GMT') ? `${zone} · ${name} · ${utc}` : `${zone} · ${utc}`;
      return { value: zone, label, offsetMinutes: offsetMinutes(gmt) };
    })
    .sort((a, b) => a.offsetMinutes - b.offsetMinutes || a.value.localeCompare(b.value));
}
