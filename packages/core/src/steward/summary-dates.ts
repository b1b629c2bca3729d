/**
 * Dates named in a rep's notes — "下周三", "明天下午3点", "11月30日", "下个月15号", "月底", "next Wednesday", "tomorrow",
 * "on 3 December" — resolved against when the activity happened, on the company's calendar. chrono-node finds and
 * reads the phrases (its zh parsers cover most Chinese forms; a few common ones are added here); the calendar fields it
 * gives are turned into instants in the company's IANA zone here, so a daylight-saving change in between is kept.
 */
import { Chrono, type ParsedResult, type Parser, type ParsingContext } from 'chrono-node';
import { casual as english } from 'chrono-node/en';
import { createCasualConfiguration as chineseConfiguration } from 'chrono-node/zh/hans';
import { instantAt, isoDate, wallClockAt, type WallClock } from '../platform/wall-clock.js';
import { businessDayEndHour } from './next-action.js';

export interface DateMention {
  text: string;
  index: number;
  /** The company-calendar day, YYYY-MM-DD. */
  date: string;
  /** HH:mm when the text gives a time of day, otherwise null. */
  time: string | null;
  /** The instant: the time given, or the end of the business day when there is none. */
  at: string;
}

const han = /\p{Script=Han}/u;
const chineseDayDigits: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** "十五" → 15, "三十一" → 31, "7" → 7. */
function dayNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const [first = '', second = '', third = ''] = [...text];
  if (first === '十') return 10 + (chineseDayDigits[second] ?? 0);
  if (second === '十') return (chineseDayDigits[first] ?? 0) * 10 + (chineseDayDigits[third] ?? 0);
  return chineseDayDigits[first] ?? 0;
}

/** The reference's calendar day: its local fields are the company's wall clock (see findDates). */
function companyToday(context: ParsingContext): { year: number; month: number; day: number } {
  const date = context.refDate;
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "15号", "下个月15号", "本月20日": a day of this month (or the next, if it has passed) or of the month named. */
const dayOfMonth: Parser = {
  pattern: () => /(?:(下个?|本|这个?)月)?(\d{1,2}|[一二三四五六七八九十]{1,3})(?:号|日)(?![楼线机位门房口厅馆])/u,
  extract(context, match) {
    const today = companyToday(context);
    const day = dayNumber(match[2]!);
    let month = today.month + (match[1]?.startsWith('下') ? 1 : 0);
    if (!match[1] && day < today.day) month += 1;
    const year = today.year + Math.floor((month - 1) / 12);
    month = ((month - 1) % 12) + 1;
    if (day < 1 || day > lastDayOf(year, month)) return null;
    return { year, month, day };
  },
};

/** "月底", "下个月底", "11月底", "年底": the last day of the month or year. */
const monthOrYearEnd: Parser = {
  pattern: () => /(?:(下个?|本|这个?)|(\d{1,2}|[一二三四五六七八九十]{1,3}))?月(?:底|末)|(今|本|明)?年(?:底|末)/u,
  extract(context, match) {
    const today = companyToday(context);
    if (match[0].includes('年')) return { year: today.year + (match[3] === '明' ? 1 : 0), month: 12, day: 31 };
    let month = match[2] ? dayNumber(match[2]) : today.month + (match[1]?.startsWith('下') ? 1 : 0);
    let year = today.year;
    if (match[2] && month < today.month) year += 1;
    if (month > 12) [month, year] = [month - 12, year + 1];
    if (month < 1 || month > 12) return null;
    return { year, month, day: lastDayOf(year, month) };
  },
};

let parsers: { chinese: Chrono; english: Chrono } | undefined;

/** Built on first use, so bundling core into the web app costs nothing unless a summary is computed there. */
function chrono(): { chinese: Chrono; english: Chrono } {
  if (!parsers) {
    const chinese = new Chrono(chineseConfiguration());
    chinese.parsers.push(dayOfMonth, monthOrYearEnd);
    parsers = { chinese, english };
  }
  return parsers;
}

/** Every date in the text, in order, on the company's calendar as of `reference` (when the activity happened). */
export function findDates(text: string, reference: string, timeZone: string): DateMention[] {
  // chrono reckons "明天" and "next Wednesday" on the local fields of the reference (some of its parsers ignore a
  // reference zone), so it is given a reference whose local fields are the company's wall clock, whatever zone this
  // process runs in; the fields it reads back are company time too.
  const wall = wallClockAt(reference, timeZone);
  const ref = new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const { chinese, english } = chrono();
  // Mixed notes ("下周三 demo, budget $20k") are common: both parsers read the text, and the longer reading wins.
  const results = [...(han.test(text) ? chinese.parse(text, ref, { forwardDate: true }) : []), ...english.parse(text, ref, { forwardDate: true })];
  const kept: ParsedResult[] = [];
  for (const result of results.sort((a, b) => a.index - b.index || b.text.length - a.text.length)) {
    const previous = kept[kept.length - 1];
    if (previous && result.index < previous.index + previous.text.length) continue;
    kept.push(result);
  }
  return kept.map((result) => mentionOf(result, wall, timeZone));
}

function mentionOf(result: ParsedResult, reference: WallClock, timeZone: string): DateMention {
  const start = result.start;
  let fields = { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! };
  const timed = start.isCertain('hour');
  // "3点" or "at 3" in a working note is the afternoon unless it says 上午 / a.m.
  const afternoon = timed && !start.isCertain('meridiem') && start.get('hour')! >= 1 && start.get('hour')! <= 6 ? 12 : 0;
  const hour = timed ? start.get('hour')! + afternoon : businessDayEndHour;
  const minute = timed ? (start.get('minute') ?? 0) : 0;
  // With no day named, chrono moved a morning hour already past ("3点" read at 10:00) to tomorrow; the afternoon
  // hour it means may still be ahead today.
  const dayNamed = start.isCertain('day') || start.isCertain('weekday');
  if (afternoon && !dayNamed && hour * 60 + minute > reference.hour * 60 + reference.minute) fields = { year: reference.year, month: reference.month, day: reference.day };
  // A zone written in the text ("3pm EST") is that zone's time; otherwise the company's.
  const at = start.isCertain('timezoneOffset') ? start.date() : instantAt({ ...fields, hour, minute }, timeZone);
  return {
    text: result.text,
    index: result.index,
    date: isoDate(fields),
    time: timed ? `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` : null,
    at: at.toISOString(),
  };
}
