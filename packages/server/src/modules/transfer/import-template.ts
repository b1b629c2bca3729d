/**
 * The file to fill in for an import (H4): one column per field the import understands, headed with its label in the
 * reader's language (a leading * marks the required ones; the import reads "*姓名" as 姓名). The XLSX adds a second
 * sheet saying what each column takes — the accepted values of closed vocabularies come from the same lists the
 * import checks against, so the template cannot drift from what is accepted. Imports read only the first sheet.
 */
import { stringify } from 'csv-stringify/sync';
import { fillPlaceholders, type Locale } from '@closeloop/core';
import { fieldsOf, type ImportField, type ImportKind } from './import-fields.js';
import type { SheetFormat } from './sheet-reader.js';
import { workbookBuffer } from './sheet-writer.js';
import { acceptedLabels, type VocabularyName } from './vocabulary.js';

type Text = { en: string; 'zh-CN': string };

const vocabularyOf: Partial<Record<string, VocabularyName>> = {
  industry: 'industry', size: 'size', budgetBand: 'budgetBand', decisionChain: 'decisionChain', source: 'source', stage: 'stage',
};

const hints: Record<string, Text> = {
  'customers.name': { en: 'The company\'s full name', 'zh-CN': '公司全称' },
  'leads.name': { en: 'The contact person\'s name', 'zh-CN': '联系人姓名' },
  company: { en: 'The company the person works for', 'zh-CN': '联系人所在公司' },
  vocabulary: { en: 'One of: {accepted}', 'zh-CN': '可选值：{accepted}' },
  region: { en: 'A region\'s name, code or id', 'zh-CN': '区域名称、编码或 ID' },
  city: { en: 'City name, e.g. Suzhou', 'zh-CN': '城市名，例如：苏州' },
  address: { en: 'Street address', 'zh-CN': '详细地址' },
  creditLimit: { en: 'An amount, e.g. 500000, 500,000.00 or 50万', 'zh-CN': '金额，例如 500000、500,000.00 或 50万' },
  creditCurrency: { en: 'CNY, USD, EUR, HKD, JPY, GBP or SGD; empty for the company currency', 'zh-CN': 'CNY、USD、EUR、HKD、JPY、GBP 或 SGD；留空则为公司本位币' },
  phone: { en: 'e.g. 13800138000 or 021-6288 0000', 'zh-CN': '例如 13800138000 或 021-6288 0000' },
  email: { en: 'e.g. buyer@example.cn', 'zh-CN': '例如 buyer@example.cn' },
  tags: { en: 'Several, separated by commas', 'zh-CN': '多个标签用逗号分隔' },
  intentTags: { en: 'Several, separated by commas', 'zh-CN': '多个标签用逗号分隔' },
  firstContactAt: { en: 'A date or date and time in company time, e.g. 2026-11-02 09:30', 'zh-CN': '公司时区的日期或时间，例如 2026-11-02 09:30' },
  ownerEmail: { en: 'The sign-in email of the colleague who will own it; empty for yourself', 'zh-CN': '负责人的登录邮箱；留空则为您本人' },
};

const labels = {
  sheet: { customers: { en: 'Customers', 'zh-CN': '客户' }, leads: { en: 'Leads', 'zh-CN': '线索' } },
  guide: { en: 'How to fill in', 'zh-CN': '填写说明' },
  column: { en: 'Column', 'zh-CN': '列' },
  required: { en: 'Required', 'zh-CN': '必填' },
  yes: { en: 'Yes', 'zh-CN': '是' },
  accepts: { en: 'What to enter', 'zh-CN': '填写要求' },
} as const;

/** A column's header in the template: the field's label, starred when required. */
export function templateHeader(field: ImportField, locale: Locale): string {
  return `${field.required ? '*' : ''}${field.label[locale]}`;
}

function hintOf(kind: ImportKind, field: ImportField, locale: Locale): string {
  const vocabulary = vocabularyOf[field.key];
  if (vocabulary) return fillPlaceholders(hints.vocabulary![locale], () => acceptedLabels(vocabulary, locale));
  return (hints[`${kind}.${field.key}`] ?? hints[field.key])?.[locale] ?? '';
}

export async function importTemplate(kind: ImportKind, format: SheetFormat, locale: Locale): Promise<Buffer> {
  const fields = fieldsOf(kind);
  const headers = fields.map((f) => templateHeader(f, locale));
  // The BOM makes Excel read the CSV as UTF-8 instead of the system code page.
  if (format === 'csv') return Buffer.from(stringify([headers], { bom: true }), 'utf8');
  return workbookBuffer([
    { name: labels.sheet[kind][locale], headers, rows: [] },
    {
      name: labels.guide[locale],
      headers: [labels.column[locale], labels.required[locale], labels.accepts[locale]],
      rows: fields.map((f) => [templateHeader(f, locale), f.required ? labels.yes[locale] : '', hintOf(kind, f, locale)]),
    },
  ]);
}
