/**
 * What receipts, orders and shipments need to know about the company: its one currency, its time zone (the company
 * day a confirmation or a shipment counts on) and its document settings (trace-code prefixes). Read inside the
 * caller's transaction, so a document and the counter behind its trace code agree.
 */
import { AppError, isoDate, wallClockAt, type DocumentSettings, type DocumentType } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import { nextTraceCode } from './trace-counter.js';

export interface CompanyFacts {
  currency: string;
  timeZone: string;
  settings: DocumentSettings;
}

/** Reads a company's facts in the caller's transaction: the document settings service's `company`. */
export type CompanyReader = (db: Executor, orgId: string) => Promise<CompanyFacts>;

/** The company day (YYYY-MM-DD in its time zone) an instant falls on. */
export function companyDay(instant: string, timeZone: string): string {
  return isoDate(wallClockAt(instant, timeZone));
}

/** The next trace code of a document type, numbered within the company year the instant falls in. */
export function nextCodeOf(tx: Executor, orgId: string, company: CompanyFacts, type: DocumentType, instant: string): Promise<string> {
  return nextTraceCode(tx, orgId, type, company.settings.prefixes[type], wallClockAt(instant, company.timeZone).year);
}

/** Documents are kept in the company currency only; multi-currency is out of scope, so another one is refused clearly. */
export function requireCompanyCurrency(company: CompanyFacts, currency: string | undefined, field: string, subject: { en: string; 'zh-CN': string } = { en: 'receipt', 'zh-CN': '回款' }): void {
  if (currency !== undefined && currency !== company.currency) {
    throw new AppError('VALIDATION_FAILED', {}, {
      [field]: {
        en: `the ${subject.en} is in ${currency}, but documents are kept in the company currency ${company.currency} (one currency per company)`,
        'zh-CN': `${subject['zh-CN']}币种为 ${currency}，但单据仅支持公司本位币 ${company.currency}（每家公司一种币种）`,
      },
    });
  }
}

/** "missing" and "out of scope" answer the same 404, named in the caller's language. */
export const documentEntity = {
  contract: { en: 'contract', 'zh-CN': '合同' },
  receipt: { en: 'receipt', 'zh-CN': '回款单' },
  purchase_order: { en: 'purchase order', 'zh-CN': '订单' },
  shipment: { en: 'shipping note', 'zh-CN': '发货单' },
} as const;

export function notFound(type: keyof typeof documentEntity): AppError {
  return new AppError('NOT_FOUND', { entity: documentEntity[type] });
}

/** Optimistic concurrency for a document action: when the caller says which version they read, it must still be it. */
export function requireDocumentVersion(type: keyof typeof documentEntity, current: { version: number }, given: number | undefined): void {
  if (given !== undefined && current.version !== given) throw new AppError('STALE_VERSION', { entity: documentEntity[type], current: current.version, given });
}
