/**
 * Money named in a rep's notes: "30万", "¥300,000", "3.5万元", "三十万", "RMB 120k", "$20,000", "20-30万". Each becomes
 * integer minor units and a currency by integer arithmetic (BigInt), never through a float. A number counts as money
 * only with a currency sign or word, or a 万/亿 multiplier (or k/m where the sentence talks about money), so "3点",
 * "11月30日" and "5台设备" are left alone.
 */
import type { currencies } from '../crm/vocab.js';
import { minorUnitDigits } from '../platform/money.js';

export type Currency = (typeof currencies)[number];

export interface AmountMention {
  text: string;
  index: number;
  minor: number;
  currency: Currency;
}

const currencyWords: Record<string, Currency> = {
  '¥': 'CNY', '￥': 'CNY', rmb: 'CNY', cny: 'CNY', 人民币: 'CNY', 元: 'CNY', 圆: 'CNY', 块: 'CNY', 块钱: 'CNY', yuan: 'CNY',
  $: 'USD', us$: 'USD', usd: 'USD', 美元: 'USD', 美金: 'USD', dollar: 'USD', dollars: 'USD',
  '€': 'EUR', eur: 'EUR', 欧元: 'EUR', euro: 'EUR', euros: 'EUR',
  hk$: 'HKD', hkd: 'HKD', 港币: 'HKD', 港元: 'HKD',
  '£': 'GBP', gbp: 'GBP', 英镑: 'GBP', pound: 'GBP', pounds: 'GBP',
  jpy: 'JPY', 日元: 'JPY',
  s$: 'SGD', sgd: 'SGD', 新加坡元: 'SGD', 新币: 'SGD',
};

/** Powers of ten a multiplier stands for. */
const multipliers: Record<string, number> = {
  千: 3, 万: 4, 百万: 6, 千万: 7, 亿: 8, k: 3, w: 4, m: 6, mn: 6, thousand: 3, million: 6, bn: 9, billion: 9,
};
/** Multipliers that say "money" only when the sentence is about money ("50k users" is not). */
const latinMultipliers = new Set(['k', 'm', 'mn', 'thousand', 'million', 'bn', 'billion']);

const prefix = String.raw`(?<pre>US\$|HK\$|S\$|RMB|CNY|USD|EUR|HKD|GBP|JPY|SGD|人民币|[¥￥$€£])\s?`;
const arabic = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const chinese = '[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿点]*';
const multiplier = String.raw`(?<mult>百万|千万|万|亿|千|(?:k|K|w|W|m|M|mn|bn)(?![A-Za-z])|\s?(?:thousand|million|billion)\b)`;
const suffix = String.raw`(?<suf>\s?(?:块钱|元|圆|块|人民币|美元|美金|欧元|港币|港元|英镑|日元|新加坡元|新币|(?:RMB|CNY|USD|EUR|HKD|GBP|JPY|SGD|dollars?|euros?|yuan|pounds?)(?![A-Za-z])))`;
const amountPattern = new RegExp(String.raw`(?<![\w.,])(?:${prefix})?(?<num>${arabic}|${chinese})${multiplier}?${suffix}?`, 'giu');
/** "20-30万": the first number of a range takes the second's multiplier and currency. */
const rangeStart = new RegExp(String.raw`(?<![\w.,])(?<num>${arabic}|${chinese})\s*(?:-|~|～|—|到|至)\s*$`, 'u');

/** After a bare "30万": a counting word means units, not money ("30万台", "5万用户"). */
const countedAfter = /^(?:台|个|人|件|套|次|户|家|名|位|吨|米|平|条|张|份|箱|只|辆|部|支|公斤|斤|行|字|册|本|盒|瓶|包|小时|天|年|月|元?\/|用户|客户|员工|门店|平方|公里)/u;
/** …and a Han character other than these means the number belongs to a longer word ("十万火急"). */
const moneyTailAfter = /^(?:左右|上下|以上|以内|以下|多|余|出头|的|，|。|、|；|！|？|\s|$|[,.;:!?)）])/u;
const moneyWords = /预算|报价|价格|价钱|金额|费用|合同|单子|付款|首付|尾款|回款|成交|标的|投入|采购额|折扣|budget|price|cost|deal|contract|quote|quotation|worth|pay|paid|spend|revenue|discount|fee|invoice|order|po\b/iu;

/** Every amount in the text, in order; `defaultCurrency` for "30万" without a currency (the company's). */
export function findAmounts(text: string, defaultCurrency: Currency): AmountMention[] {
  const normal = halfWidthDigits(text);
  const found: AmountMention[] = [];
  for (const match of normal.matchAll(amountPattern)) {
    const groups = match.groups as { pre?: string; num: string; mult?: string; suf?: string };
    const mult = groups.mult?.trim().toLowerCase();
    const currency = currencyOf(groups.pre) ?? currencyOf(groups.suf);
    const end = match.index + match[0].length;
    // "3块屏幕": 块 counts screens there, not yuan.
    if (groups.suf?.trim() === '块' && /^\p{Script=Han}/u.test(normal.slice(end)) && !normal.startsWith('钱', end)) continue;
    if (!currency && !countsAsMoney(normal, match.index, end, groups.num, mult)) continue;
    const minor = minorUnits(groups.num, mult, currency ?? defaultCurrency);
    if (minor === null) continue;
    const range = rangeStart.exec(normal.slice(Math.max(0, match.index - 24), match.index));
    if (range && !groups.pre && (mult || currency)) {
      const first = minorUnits(range.groups!.num!, mult, currency ?? defaultCurrency);
      const at = match.index - (range[0].length);
      if (first !== null && first < minor) found.push({ text: text.slice(at, at + range.groups!.num!.length).trim(), index: at, minor: first, currency: currency ?? defaultCurrency });
    }
    found.push({ text: text.slice(match.index, end).trim(), index: match.index, minor, currency: currency ?? defaultCurrency });
  }
  return found;
}

function currencyOf(word: string | undefined): Currency | undefined {
  return word === undefined ? undefined : currencyWords[word.trim().toLowerCase()];
}

/** A number without a currency is money only with a multiplier that says so in its context. */
function countsAsMoney(text: string, start: number, end: number, num: string, mult: string | undefined): boolean {
  const after = text.slice(end);
  const chineseMultiplier = mult !== undefined ? !latinMultipliers.has(mult) : /[万亿]/u.test(num);
  if (chineseMultiplier) return !countedAfter.test(after) && (moneyTailAfter.test(after) || !/^\p{Script=Han}/u.test(after));
  if (mult === undefined) return false;
  if (/^\s?[A-Za-z]/.test(after)) return false; // "50k users"
  return moneyWords.test(sentenceAround(text, start, end));
}

function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(...['。', '！', '？', '\n', '. ', '! ', '? ', '；'].map((stop) => before.lastIndexOf(stop)));
  const rest = text.slice(end).search(/[。！？\n；]|[.!?](?:\s|$)/u);
  return text.slice(from + 1, rest < 0 ? text.length : end + rest);
}

/** Minor units of "3.5" × 10^multiplier, or null when it is not a whole number of minor units or too large. */
function minorUnits(num: string, mult: string | undefined, currency: Currency): number | null {
  const decimal = /\d/.test(num) ? num.replace(/,/g, '') : chineseDecimal(num);
  if (decimal === null) return null;
  const [whole = '0', fraction = ''] = decimal.split('.');
  const scale = (mult ? (multipliers[mult] ?? 0) : 0) + minorUnitDigits(currency) - fraction.length;
  let digits = BigInt(whole + fraction);
  if (scale >= 0) digits *= 10n ** BigInt(scale);
  else {
    const divisor = 10n ** BigInt(-scale);
    if (digits % divisor !== 0n) return null; // finer than the currency's smallest unit
    digits /= divisor;
  }
  if (digits <= 0n || digits > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(digits);
}

const chineseDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const smallUnits: Record<string, bigint> = { 十: 10n, 百: 100n, 千: 1000n };

/** "三十万" → "300000", "三点五万" → "35000", "两千五" → "2500"; null when it is not a number. */
export function chineseDecimal(numeral: string): string | null {
  const point = numeral.indexOf('点');
  if (point >= 0) {
    // "三点五万": the fraction's digits, then the multiplier that scales the whole.
    const tail = /^(?<digits>[零〇一二两三四五六七八九]+)(?<unit>万|亿)?$/u.exec(numeral.slice(point + 1));
    const whole = chineseInteger(numeral.slice(0, point));
    if (!tail || whole === null) return null;
    const fraction = [...tail.groups!.digits!].map((c) => chineseDigits[c]).join('');
    const shift = tail.groups!.unit === '亿' ? 8 : tail.groups!.unit === '万' ? 4 : 0;
    const digits = whole.toString();
    if (shift >= fraction.length) return (digits + fraction + '0'.repeat(shift - fraction.length)).replace(/^0+(?=\d)/, '');
    return `${digits}${fraction.slice(0, shift)}.${fraction.slice(shift)}`;
  }
  const value = chineseInteger(numeral);
  return value === null ? null : value.toString();
}

function chineseInteger(numeral: string): bigint | null {
  if (numeral === '') return null;
  let total = 0n;
  let section = 0n;
  let number = 0n;
  let lastUnit = 0n;
  let afterUnit = false;
  for (const char of numeral) {
    const digit = chineseDigits[char];
    if (digit !== undefined) {
      number = BigInt(digit);
      afterUnit = false;
    } else if (char in smallUnits) {
      const unit = smallUnits[char]!;
      section += (number === 0n && char === '十' ? 1n : number) * unit;
      number = 0n;
      lastUnit = unit;
      afterUnit = true;
    } else if (char === '万') {
      total += (section + number) * 10_000n;
      section = number = 0n;
      lastUnit = 10_000n;
      afterUnit = true;
    } else if (char === '亿') {
      total = (total + section + number) * 100_000_000n;
      section = number = 0n;
      lastUnit = 100_000_000n;
      afterUnit = true;
    } else return null;
  }
  // "两千五", "一万二": a digit straight after a unit counts in the next unit down.
  const lastTwo = [...numeral].slice(-2);
  const colloquial = !afterUnit && number > 0n && lastTwo.length === 2 && !(lastTwo[0]! in chineseDigits) && lastUnit >= 100n;
  return total + section + (colloquial ? number * (lastUnit / 10n) : number);
}

/** Full-width digits and separators as ASCII, keeping every index where it was. */
function halfWidthDigits(text: string): string {
  return text.replace(/[０-９．]/gu, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}
