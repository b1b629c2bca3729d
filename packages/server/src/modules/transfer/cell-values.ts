/** Reading typed values out of spreadsheet text: money with Chinese magnitudes, tag lists, currencies. */
import { currencies, parseAmount } from '@closeloop/core';

const magnitudes: Record<string, number> = { 万: 4, 萬: 4, 亿: 8, 億: 8 };

/**
 * "500000", "500,000.00", "¥50万", "1.5亿元" → minor units, exactly (the decimal point is moved in the text,
 * never through a float). Null when the text is not an amount or has more precision than the currency holds.
 */
export function parseMoneyText(text: string, currency: string): number | null {
  let cleaned = text.normalize('NFKC').replace(/^\s*(人民币|rmb|cny|[¥$€£])/i, '').replace(/元\s*$/, '').replace(/[,\s]/g, '');
  const unit = cleaned.slice(-1);
  const shift = magnitudes[unit];
  if (shift !== undefined) {
    cleaned = cleaned.slice(0, -1);
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(cleaned);
    if (!match) return null;
    const [, sign = '', whole = '0', fraction = ''] = match;
    const digits = whole + fraction.padEnd(shift, '0');
    const point = whole.length + shift;
    cleaned = `${sign}${digits.slice(0, point)}${digits.length > point ? `.${digits.slice(point)}` : ''}`;
  }
  return parseAmount(cleaned, currency);
}

const currencySynonyms: Record<string, string> = {
  '¥': 'CNY', '￥': 'CNY', RMB: 'CNY', 人民币: 'CNY', 元: 'CNY', $: 'USD', US$: 'USD', 美元: 'USD', '€': 'EUR', 欧元: 'EUR',
  HK$: 'HKD', 港币: 'HKD', 港元: 'HKD', 日元: 'JPY', 日圆: 'JPY', '£': 'GBP', 英镑: 'GBP', S$: 'SGD', 新加坡元: 'SGD', 新币: 'SGD',
};

export function parseCurrency(text: string): string | null {
  const trimmed = text.normalize('NFKC').trim();
  const code = currencySynonyms[trimmed] ?? currencySynonyms[trimmed.toUpperCase()] ?? trimmed.toUpperCase();
  return (currencies as readonly string[]).includes(code) ? code : null;
}

/** "重点客户，续约; VIP" → ["重点客户", "续约", "VIP"]: any of the separators people actually type. */
export function splitTags(text: string): string[] {
  return [...new Set(text.split(/[,，;；、|｜\n]/).map((t) => t.trim()).filter((t) => t !== ''))];
}
