/**
 * Times a person picks are wall-clock times in the company's time zone (a visit "at 14:00" in Shanghai), whatever
 * zone the browser is in; this turns them into the instants the server stores.
 */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The instant at which the company's clocks show the picked date and time. */
export function companyInstant(picked: Dayjs, timeZone: string): string {
  return dayjs.tz(picked.format('YYYY-MM-DDTHH:mm:ss'), timeZone).toISOString();
}

/** Now, as the company's clocks show it, for a picker to start from and to stop at. */
export function companyNow(timeZone: string): Dayjs {
  return dayjs(dayjs().tz(timeZone).format('YYYY-MM-DDTHH:mm:ss'));
}

/** An instant as the company's clocks show it, for a picker to display. */
export function companyWallTime(iso: string, timeZone: string): Dayjs {
  return dayjs(dayjs(iso).tz(timeZone).format('YYYY-MM-DDTHH:mm:ss'));
}
