/**
 * The columns an import understands, per kind: the target field, the headers that mean it (English and Chinese),
 * and how its text becomes a value. Owner and region are looked up by the service; everything else is read here.
 */
import { AppError, type Locale } from '@closeloop/core';
import { acceptedLabels, codeOf, looseKey, type VocabularyName } from './vocabulary.js';
import { parseCurrency, parseMoneyText, splitTags } from './cell-values.js';
import { parseWallTime } from './zoned-time.js';
import { rowMessage } from './messages.js';

export const importKinds = ['customers', 'leads'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface CellContext {
  locale: Locale;
  timeZone: string;
  /** the currency of the row (its own column, else the organisation's) */
  currency: string;
}

export type CellResult = { ok: true; value: unknown } | { ok: false; message: string };

export interface ImportField {
  key: string;
  label: { en: string; 'zh-CN': string };
  /** other header spellings that mean this field */
  aliases: readonly string[];
  required?: boolean;
  /** `header` is the source column's header, which may carry a unit ("信用额度（万元）") */
  read(text: string, ctx: CellContext, header: string): CellResult;
}

const ok = (value: unknown): CellResult => ({ ok: true, value });
const asText = (text: string) => ok(text);

const fromVocabulary = (name: VocabularyName) => (text: string, ctx: CellContext): CellResult => {
  const code = codeOf(name, text);
  return code ? ok(code) : { ok: false, message: rowMessage('unknownValue', ctx.locale, { value: text, accepted: acceptedLabels(name, ctx.locale) }) };
};

const field = (
  key: string, en: string, zh: string, aliases: readonly string[], read: ImportField['read'] = asText, required = false,
): ImportField => ({ key, label: { en, 'zh-CN': zh }, aliases, read, required });

const phone = field('phone', 'Phone', '电话', ['手机', '手机号', '手机号码', '电话号码', '联系电话', '座机', 'mobile', 'tel', 'telephone']);
const email = field('email', 'Email', '邮箱', ['电子邮件', '电子邮箱', '邮件', 'e-mail', 'mail']);
const industry = (required: boolean) => field('industry', 'Industry', '行业', ['所属行业', '行业类别'], fromVocabulary('industry'), required);
const region = field('region', 'Region', '区域', ['地区', '大区', '所属区域', 'regionid', 'region code', '区域编码']);
const city = field('city', 'City', '城市', ['所在城市', '市']);
const ownerEmail = field('ownerEmail', 'Owner email', '负责人邮箱', ['owner e-mail', '销售邮箱', '所属销售邮箱']);
const tagsRead = (text: string) => ok(splitTags(text));

const customerFields: readonly ImportField[] = [
  field('name', 'Customer name', '客户名称', ['名称', '客户', '客户名', '公司名称', '企业名称', 'company name', 'customer'], asText, true),
  industry(true),
  region,
  city,
  field('address', 'Address', '地址', ['详细地址', '公司地址']),
  field('size', 'Company size', '企业规模', ['规模', 'size'], fromVocabulary('size')),
  field('budgetBand', 'Budget band', '预算区间', ['预算', 'budget'], fromVocabulary('budgetBand')),
  field('decisionChain', 'Decision chain', '决策链', ['决策方式', '决策流程'], fromVocabulary('decisionChain')),
  field('creditLimit', 'Credit limit', '信用额度', ['授信额度', 'credit'], (text, ctx, header) => {
    const minor = parseMoneyText(withHeaderUnit(text, header), ctx.currency);
    return minor !== null && minor >= 0 ? ok(minor) : { ok: false, message: rowMessage('notAmount', ctx.locale, { value: text }) };
  }),
  field('creditCurrency', 'Currency', '币种', ['货币', 'currency', '币别'], (text, ctx) => {
    const code = parseCurrency(text);
    return code ? ok(code) : { ok: false, message: rowMessage('notCurrency', ctx.locale, { value: text }) };
  }),
  phone,
  email,
  field('tags', 'Tags', '标签', ['客户标签'], tagsRead),
  ownerEmail,
];

const leadFields: readonly ImportField[] = [
  field('name', 'Contact name', '姓名', ['名称', '联系人', '联系人姓名', '线索名称', '客户姓名', 'contact'], asText, true),
  field('company', 'Company', '公司', ['公司名称', '单位', '企业', '企业名称', 'organisation', 'organization']),
  phone,
  email,
  field('source', 'Source', '来源', ['线索来源', '渠道'], fromVocabulary('source')),
  field('stage', 'Stage', '阶段', ['线索阶段', '状态阶段'], fromVocabulary('stage')),
  industry(false),
  region,
  city,
  field('intentTags', 'Tags', '标签', ['意向标签', 'tags', '意向'], tagsRead),
  field('firstContactAt', 'First contact', '首次联系时间', ['首次联系', '首次接触时间', 'first contact at'], (text, ctx) => {
    const iso = parseWallTime(text, ctx.timeZone);
    return iso ? ok(iso) : { ok: false, message: rowMessage('notTime', ctx.locale, { value: text }) };
  }),
  ownerEmail,
];

/** A plain number in a column headed "（万元）" counts in 万, as the header says. */
function withHeaderUnit(text: string, header: string): string {
  const unit = /[（(]\s*(万|亿)/.exec(header)?.[1];
  return unit && /^[-\d.,\s]+$/.test(text) ? `${text}${unit}` : text;
}

export function fieldsOf(kind: ImportKind): readonly ImportField[] {
  return kind === 'customers' ? customerFields : leadFields;
}

/** Which column feeds which field: the caller's mapping, or headers matched by name in either language. */
export function resolveColumns(kind: ImportKind, headers: readonly string[], mapping: Record<string, string> | undefined): Map<ImportField, number> {
  const fields = fieldsOf(kind);
  const columns = new Map<ImportField, number>();
  if (mapping) {
    const byHeader = new Map<string, number>();
    headers.forEach((h, i) => byHeader.has(h.trim()) || byHeader.set(h.trim(), i));
    const problems: Record<string, string> = {};
    for (const [key, header] of Object.entries(mapping)) {
      const target = fields.find((f) => f.key === key);
      const index = byHeader.get(header.trim());
      if (!target) problems[`body.mapping.${key}`] = `not a field of ${kind}; use one of ${fields.map((f) => f.key).join(', ')}`;
      else if (index === undefined) problems[`body.mapping.${key}`] = `the file has no column "${header}"`;
      else columns.set(target, index);
    }
    if (Object.keys(problems).length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
  } else {
    const spellings = new Map<string, ImportField>();
    for (const f of fields) for (const s of [f.key, f.label.en, f.label['zh-CN'], ...f.aliases]) spellings.set(looseKey(s), f);
    headers.forEach((header, index) => {
      // "信用额度（万元）" and "*姓名" still name their field.
      const target = spellings.get(looseKey(header)) ?? spellings.get(looseKey(header.replace(/[（(][^）)]*[）)]/g, '')));
      if (target && !columns.has(target)) columns.set(target, index);
    });
  }
  const missing = fields.filter((f) => f.required && !columns.has(f));
  if (missing.length > 0) {
    throw new AppError('IMPORT_FAILED', {
      detail: `no column for the required field(s) ${missing.map((f) => `${f.key} (${f.label['zh-CN']} / ${f.label.en})`).join(', ')}`,
    });
  }
  return columns;
}
