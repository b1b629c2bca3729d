/** What an import says about a row, in the reader's language. */
import { fillPlaceholders, type Locale } from '@closeloop/core';

const rowMessages = {
  required: { en: 'required', 'zh-CN': '必填' },
  unknownValue: { en: '"{value}" is not one of: {accepted}', 'zh-CN': '“{value}”不是可选值：{accepted}' },
  notAmount: { en: '"{value}" is not an amount (e.g. 500000, 500,000.00 or 50万)', 'zh-CN': '“{value}”不是有效金额（例如 500000、500,000.00 或 50万）' },
  notCurrency: { en: '"{value}" is not a supported currency (CNY, USD, EUR, HKD, JPY, GBP, SGD)', 'zh-CN': '“{value}”不是支持的币种（CNY、USD、EUR、HKD、JPY、GBP、SGD）' },
  notTime: { en: '"{value}" is not a date or time (e.g. 2026-11-02 09:30)', 'zh-CN': '“{value}”不是有效的日期或时间（例如 2026-11-02 09:30）' },
  notPhone: { en: 'not a phone number (e.g. 13800138000 or 021-6288 0000)', 'zh-CN': '不是有效的电话号码（例如 13800138000 或 021-6288 0000）' },
  notEmail: { en: 'not an email address', 'zh-CN': '不是有效的邮箱地址' },
  unknownOwner: { en: 'no active person with the email "{value}" in your company', 'zh-CN': '公司内没有邮箱为“{value}”的在职人员' },
  notAssignable: { en: 'you cannot assign records to "{value}"', 'zh-CN': '您不能把记录分配给“{value}”' },
  unknownRegion: { en: 'no region named "{value}" (use its name, code or id)', 'zh-CN': '没有名为“{value}”的区域（请填写区域名称、编码或 ID）' },
} as const;

export type RowMessage = keyof typeof rowMessages;

export function rowMessage(key: RowMessage, locale: Locale, params: Record<string, string> = {}): string {
  return fillPlaceholders(rowMessages[key][locale], (name) => params[name]);
}

const reportLabels = {
  row: { en: 'Row', 'zh-CN': '行号' },
  column: { en: 'Column', 'zh-CN': '列' },
  field: { en: 'Field', 'zh-CN': '字段' },
  message: { en: 'Problem', 'zh-CN': '错误说明' },
  errorsSheet: { en: 'Errors', 'zh-CN': '错误明细' },
  rowsSheet: { en: 'Rows to fix', 'zh-CN': '待修正行' },
  problems: { en: 'Problems', 'zh-CN': '错误说明' },
} as const;

export function reportLabel(key: keyof typeof reportLabels, locale: Locale): string {
  return reportLabels[key][locale];
}
