/**
 * What each export writes, column by column, with headers in the reader's language. Customer and lead headers are
 * the import's own labels, so an exported file can be edited and imported back.
 */
import { formatAmount, type Locale } from '@closeloop/core';
import { labelOf, type VocabularyName } from './vocabulary.js';
import { formatWallTime } from './zoned-time.js';
import type { ActivityExportRow, ContactExportRow, CustomerExportRow, LeadExportRow, ProductExportRow } from './export-store.js';

export const exportKinds = ['customers', 'leads', 'contacts', 'activities', 'products'] as const;
export type ExportKind = (typeof exportKinds)[number];

export interface ExportContext {
  locale: Locale;
  timeZone: string;
}

export type CellValue = string | number | null;

export interface ExportColumn<Row> {
  label: { en: string; 'zh-CN': string };
  value(row: Row, ctx: ExportContext): CellValue;
}

const column = <Row>(en: string, zh: string, value: (row: Row, ctx: ExportContext) => CellValue): ExportColumn<Row> => ({ label: { en, 'zh-CN': zh }, value });
const vocab = (name: VocabularyName, code: string | null, ctx: ExportContext) => labelOf(name, code, ctx.locale);
const time = (iso: string | null, ctx: ExportContext) => formatWallTime(iso, ctx.timeZone);
const list = (json: string) => (JSON.parse(json) as string[]).join(', ');
const money = (minor: number | null, currency: string | null) => (minor === null || currency === null ? null : formatAmount(Number(minor), currency));

function recordTail<Row extends { status: string; created_at: string; updated_at: string; id: string }>(): ExportColumn<Row>[] {
  return [
    column('Status', '状态', (r, c) => vocab('status', r.status, c)),
    column('Created', '创建时间', (r, c) => time(r.created_at, c)),
    column('Updated', '更新时间', (r, c) => time(r.updated_at, c)),
    column('ID', 'ID', (r) => r.id),
  ];
}

const customerColumns: ExportColumn<CustomerExportRow>[] = [
  column('Customer name', '客户名称', (r) => r.name),
  column('Industry', '行业', (r, c) => vocab('industry', r.industry, c)),
  column('Region', '区域', (r) => r.region_name),
  column('City', '城市', (r) => r.city),
  column('Address', '地址', (r) => r.address),
  column('Company size', '企业规模', (r, c) => vocab('size', r.size, c)),
  column('Budget band', '预算区间', (r, c) => vocab('budgetBand', r.budget_band, c)),
  column('Decision chain', '决策链', (r, c) => vocab('decisionChain', r.decision_chain, c)),
  column('Credit limit', '信用额度', (r) => money(r.credit_limit_minor, r.credit_currency)),
  column('Currency', '币种', (r) => r.credit_currency),
  column('Phone', '电话', (r) => r.phone),
  column('Email', '邮箱', (r) => r.email),
  column('Tags', '标签', (r) => list(r.tags)),
  column('Owner', '负责人', (r) => r.owner_name),
  column('Owner email', '负责人邮箱', (r) => r.owner_email),
  ...recordTail<CustomerExportRow>(),
];

const leadColumns: ExportColumn<LeadExportRow>[] = [
  column('Contact name', '姓名', (r) => r.name),
  column('Company', '公司', (r) => r.company),
  column('Phone', '电话', (r) => r.phone),
  column('Email', '邮箱', (r) => r.email),
  column('Source', '来源', (r, c) => vocab('source', r.source, c)),
  column('Stage', '阶段', (r, c) => vocab('stage', r.stage, c)),
  column('Industry', '行业', (r, c) => vocab('industry', r.industry, c)),
  column('Region', '区域', (r) => r.region_name),
  column('City', '城市', (r) => r.city),
  column('Tags', '标签', (r) => list(r.intent_tags)),
  column('First contact', '首次联系时间', (r, c) => time(r.first_contact_at, c)),
  column('Last activity', '最近跟进时间', (r, c) => time(r.last_activity_at, c)),
  column('Owner', '负责人', (r) => r.owner_name),
  column('Owner email', '负责人邮箱', (r) => r.owner_email),
  ...recordTail<LeadExportRow>(),
];

const contactColumns: ExportColumn<ContactExportRow>[] = [
  column('Name', '姓名', (r) => r.name),
  column('Customer', '所属客户', (r) => r.customer_name),
  column('Title', '职务', (r) => r.title),
  column('Phone', '电话', (r) => r.phone),
  column('Email', '邮箱', (r) => r.email),
  column('Decision maker', '决策人', (r, c) => (Number(r.is_decision_maker) === 1 ? (c.locale === 'zh-CN' ? '是' : 'Yes') : c.locale === 'zh-CN' ? '否' : 'No')),
  column('Customer ID', '客户 ID', (r) => r.customer_id),
  ...recordTail<ContactExportRow>(),
];

const activityColumns: ExportColumn<ActivityExportRow>[] = [
  column('Occurred', '发生时间', (r, c) => time(r.occurred_at, c)),
  column('Kind', '类型', (r, c) => vocab('activityKind', r.kind, c)),
  column('Lead', '线索', (r) => r.lead_name),
  column('Customer', '客户', (r) => r.customer_name),
  column('Duration (min)', '时长（分钟）', (r) => r.duration_minutes),
  column('Notes', '内容', (r) => r.text),
  column('Logged by', '记录人', (r) => r.owner_name),
  column('Lead ID', '线索 ID', (r) => r.lead_id),
  column('Customer ID', '客户 ID', (r) => r.customer_id),
  ...recordTail<ActivityExportRow>(),
];

const productColumns: ExportColumn<ProductExportRow>[] = [
  column('SKU', 'SKU', (r) => r.sku),
  column('Product name', '产品名称', (r) => r.name),
  column('Category', '类别', (r) => r.category),
  column('Unit', '单位', (r) => r.unit),
  column('Currency', '币种', (r) => r.currency),
  column('List price', '目录价', (r) => money(r.list_price_minor, r.currency)),
  column('Floor price', '底价', (r) => money(r.floor_price_minor, r.currency)),
  ...recordTail<ProductExportRow>(),
];

export const exportColumns = {
  customers: customerColumns,
  leads: leadColumns,
  contacts: contactColumns,
  activities: activityColumns,
  products: productColumns,
} as const;
