import { describe, expect, it } from 'vitest';
import { findDates } from './summary-dates.js';

// Friday 27 November 2026, 10:00 in Shanghai.
const friday10 = '2026-11-27T02:00:00.000Z';
const dates = (text: string, reference = friday10, zone = 'Asia/Shanghai') =>
  findDates(text, reference, zone).map((d) => [d.text, d.date, d.time, d.at]);

describe('dates in a note, on the company calendar', () => {
  it.each([
    ['下周三安排技术演示', '下周三', '2026-12-02', null, '2026-12-02T10:00:00.000Z'],
    ['明天下午3点前发送方案', '明天下午3点', '2026-11-28', '15:00', '2026-11-28T07:00:00.000Z'],
    ['11月30日前带采购负责人', '11月30日', '2026-11-30', null, '2026-11-30T10:00:00.000Z'],
    ['12月3号签约', '12月3号', '2026-12-03', null, '2026-12-03T10:00:00.000Z'],
    ['下个月15号回访', '下个月15号', '2026-12-15', null, '2026-12-15T10:00:00.000Z'],
    ['15号再联系', '15号', '2026-12-15', null, '2026-12-15T10:00:00.000Z'],
    ['月底前付款', '月底', '2026-11-30', null, '2026-11-30T10:00:00.000Z'],
    ['年底上线', '年底', '2026-12-31', null, '2026-12-31T10:00:00.000Z'],
    ['后天上午10点', '后天上午10点', '2026-11-29', '10:00', '2026-11-29T02:00:00.000Z'],
    ['三天内发送报价单', '三天内', '2026-11-30', null, '2026-11-30T10:00:00.000Z'],
    ['上周三客户来电', '上周三', '2026-11-18', null, '2026-11-18T10:00:00.000Z'],
    ['下午3点开会', '下午3点', '2026-11-27', '15:00', '2026-11-27T07:00:00.000Z'],
    ['We will send the proposal next Wednesday', 'next Wednesday', '2026-12-02', null, '2026-12-02T10:00:00.000Z'],
    ['call back tomorrow at 3pm', 'tomorrow at 3pm', '2026-11-28', '15:00', '2026-11-28T07:00:00.000Z'],
    ['demo on 3 December', 'on 3 December', '2026-12-03', null, '2026-12-03T10:00:00.000Z'],
    ['follow up in 2 days', 'in 2 days', '2026-11-29', null, '2026-11-29T10:00:00.000Z'],
  ])('reads %s', (text, phrase, date, time, at) => {
    expect(dates(text)).toEqual([[phrase, date, time, at]]);
  });

  it('reads "3点" in a working note as the afternoon: today while 15:00 is still ahead, else tomorrow', () => {
    expect(dates('3点开会')).toEqual([['3点', '2026-11-27', '15:00', '2026-11-27T07:00:00.000Z']]);
    expect(dates('call back at 3')).toEqual([['at 3', '2026-11-27', '15:00', '2026-11-27T07:00:00.000Z']]);
    // Friday 16:00 in Shanghai: today's 15:00 has passed.
    expect(dates('3点开会', '2026-11-27T08:00:00.000Z')).toEqual([['3点', '2026-11-28', '15:00', '2026-11-28T07:00:00.000Z']]);
    // A day the note names stays that day.
    expect(dates('明天3点开会')).toEqual([['明天3点', '2026-11-28', '15:00', '2026-11-28T07:00:00.000Z']]);
    expect(dates('下周三3点演示')).toEqual([['下周三3点', '2026-12-02', '15:00', '2026-12-02T07:00:00.000Z']]);
  });

  it('counts "明天" from the activity time in the company zone, not from UTC’s day', () => {
    // 07:30 on Friday in Shanghai is still Thursday in UTC.
    expect(dates('明天回电', '2026-11-26T23:30:00.000Z')).toEqual([['明天', '2026-11-28', null, '2026-11-28T10:00:00.000Z']]);
  });

  it('keeps the wall-clock time across a daylight-saving change (Berlin, end of March)', () => {
    // Friday 27 March 2026, 11:00 in Berlin (CET); the next Wednesday is in summer time (CEST).
    expect(dates('next Wednesday at 10am', '2026-03-27T10:00:00.000Z', 'Europe/Berlin')).toEqual([
      ['next Wednesday at 10am', '2026-04-01', '10:00', '2026-04-01T08:00:00.000Z'],
    ]);
  });

  it('reads both languages in one note, each date once', () => {
    expect(dates('下周三 demo, then a pilot on 3 December').map((d) => d[0])).toEqual(['下周三', 'on 3 December']);
  });

  it('honours a zone the text names', () => {
    expect(dates('call at 3pm EST')).toEqual([['at 3pm EST', '2026-11-27', '15:00', '2026-11-27T20:00:00.000Z']]);
  });

  it.each(['30万预算', '3号楼会议室', 'we may meet', '客户关注交付周期'])('finds no date in %s', (text) => {
    expect(dates(text)).toEqual([]);
  });
});
