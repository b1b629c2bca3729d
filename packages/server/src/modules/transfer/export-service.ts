/**
 * Exports the records a caller can see (H4, E2): the list endpoints' scope and filters, every matching row, as
 * CSV or XLSX streamed page by page. Each export is recorded in the audit log: who took which data out, with which filters.
 */
import type { Writable } from 'node:stream';
import type { Locale } from '@closeloop/core';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { UnitOfWork } from '../../platform/http/unit-of-work.js';
import type { PageRequest } from '../../platform/http/pagination.js';
import { exportColumns, type ExportColumn, type ExportContext, type ExportKind } from './export-columns.js';
import {
  ExportStore, type ActivityExportFilters, type ContactExportFilters, type CustomerExportFilters, type LeadExportFilters,
  type ProductExportFilters,
} from './export-store.js';
import type { SheetFormat } from './sheet-reader.js';
import { openTable } from './sheet-writer.js';
import { wallDate } from './zoned-time.js';

/** The list endpoints' filters per kind (without cursor and limit); `status` defaults to active, `sort` to the list's order. */
export interface ExportFilters {
  customers: Loose<CustomerExportFilters>;
  leads: Loose<LeadExportFilters>;
  contacts: Loose<ContactExportFilters>;
  activities: Loose<ActivityExportFilters>;
  products: Loose<ProductExportFilters>;
}
type Loose<F extends { status: string }> = Omit<F, 'status'> & { status?: F['status'] | undefined; sort?: string | undefined };

/** Rows per query: enough to keep the database busy, few enough to keep memory flat. */
const pageSize = 1000;

const sheetNames: Record<ExportKind, Record<Locale, string>> = {
  customers: { en: 'Customers', 'zh-CN': '客户' },
  leads: { en: 'Leads', 'zh-CN': '线索' },
  contacts: { en: 'Contacts', 'zh-CN': '联系人' },
  activities: { en: 'Activities', 'zh-CN': '跟进记录' },
  products: { en: 'Products', 'zh-CN': '产品' },
};

type Fetch<Row> = (page: PageRequest) => Promise<{ rows: Row[]; nextCursor: string | null }>;

export class ExportService {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly store = new ExportStore(),
  ) {}

  /** Refuses a caller who may not export this kind, before anything is written. */
  authorise(auth: AuthContext, kind: ExportKind): void {
    requirePermission(auth, 'crm.export');
    requirePermission(auth, kind === 'products' ? 'catalog.read' : 'crm.read');
  }

  /** "customers-2026-11-26.xlsx", dated in the company's time zone. */
  async fileName(auth: AuthContext, kind: ExportKind, format: SheetFormat): Promise<string> {
    return `${kind}-${wallDate(this.clock.now(), await this.store.timeZone(this.db, auth.orgId))}.${format}`;
  }

  /**
   * Writes every row of `kind` the caller may see and the filters select into `out`, then ends it. Headers and
   * labels are in `auth.locale`. Resolves with the number of rows written.
   */
  async exportTo<K extends ExportKind>(auth: AuthContext, kind: K, format: SheetFormat, filters: ExportFilters[K], out: Writable): Promise<{ rows: number }> {
    this.authorise(auth, kind);
    const ctx: ExportContext = { locale: auth.locale, timeZone: await this.store.timeZone(this.db, auth.orgId) };
    // Recorded before the first row leaves, so even an interrupted download is on the record.
    await this.uow.run(auth, async (w) => {
      await w.audit({ action: 'export', entityType: kind, entityId: null, after: { format, filters } });
      return { status: 200, body: null };
    });
    return { rows: await this.walk(auth, kind, filters, format, out, ctx) };
  }

  private walk(auth: AuthContext, kind: ExportKind, filters: ExportFilters[ExportKind], format: SheetFormat, out: Writable, ctx: ExportContext): Promise<number> {
    const { sort = defaultSort[kind], status = 'active', ...rest } = filters;
    const f = { ...rest, status };
    const write = <Row>(columns: readonly ExportColumn<Row>[], fetch: Fetch<Row>) =>
      this.stream(columns, fetch, sort, format, out, ctx, sheetNames[kind][ctx.locale]);
    switch (kind) {
      case 'customers':
        return write(exportColumns.customers, (p) => this.store.customers(this.db, auth, f, p));
      case 'leads':
        return write(exportColumns.leads, (p) => this.store.leads(this.db, auth, f, p));
      case 'contacts':
        return write(exportColumns.contacts, (p) => this.store.contacts(this.db, auth, f, p));
      case 'activities':
        return write(exportColumns.activities, (p) => this.store.activities(this.db, auth, f, p));
      case 'products':
        return write(exportColumns.products, (p) => this.store.products(this.db, auth, f, p));
    }
  }

  private async stream<Row>(
    columns: readonly ExportColumn<Row>[], fetch: Fetch<Row>, sort: string, format: SheetFormat, out: Writable, ctx: ExportContext, sheetName: string,
  ): Promise<number> {
    const sink = openTable(format, out, sheetName, columns.map((c) => c.label[ctx.locale]));
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await fetch({ sort, cursor, limit: pageSize });
      for (const row of page.rows) sink.add(columns.map((c) => c.value(row, ctx)));
      count += page.rows.length;
      await sink.flush();
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    await sink.close();
    return count;
  }
}

/** The list endpoints' default order, when the caller names none. */
const defaultSort: Record<ExportKind, string> = {
  customers: 'updatedAt:desc',
  leads: 'updatedAt:desc',
  contacts: 'name:asc',
  activities: 'occurredAt:desc',
  products: 'sku:asc',
};
