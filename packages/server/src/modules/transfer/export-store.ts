/**
 * The rows an export walks through: each record store's own scoped, filtered query (the one its list uses),
 * joined with the names a reader needs (owner, region, customer, lead), one keyset page at a time so memory
 * stays flat.
 */
import type { Executor } from '../../platform/db/database.js';
import type { ActivityRow, ContactRow, CustomerRow, LeadRow, ProductRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { pageOf, type PageRequest } from '../../platform/http/pagination.js';
import { CustomerStore, customerSortColumns } from '../customers/index.js';
import { LeadStore, leadSortColumns } from '../leads/index.js';
import { ContactStore, contactSortColumns } from '../contacts/index.js';
import { ActivityStore, activitySortColumns } from '../activities/index.js';
import { CatalogStore, productSort } from '../catalog/index.js';
import type { CustomerFilters } from '../customers/store.js';
import type { LeadFilters } from '../leads/store.js';
import type { ContactFilters } from '../contacts/store.js';
import type { ActivityFilters } from '../activities/store.js';
import type { ProductFilters } from '../catalog/store.js';

export type CustomerExportFilters = CustomerFilters;
export type LeadExportFilters = LeadFilters;
export type ContactExportFilters = ContactFilters;
export type ActivityExportFilters = ActivityFilters;
export type ProductExportFilters = ProductFilters;

interface OwnerNames {
  owner_name: string | null;
  owner_email: string | null;
}
export type CustomerExportRow = CustomerRow & OwnerNames & { region_name: string | null };
export type LeadExportRow = LeadRow & OwnerNames & { region_name: string | null };
export type ContactExportRow = ContactRow & { customer_name: string | null };
export type ActivityExportRow = ActivityRow & OwnerNames & { lead_name: string | null; customer_name: string | null };
export type ProductExportRow = ProductRow;

type Page<Row> = Promise<{ rows: Row[]; nextCursor: string | null }>;

export class ExportStore {
  constructor(
    private readonly customerStore = new CustomerStore(),
    private readonly leadStore = new LeadStore(),
    private readonly contactStore = new ContactStore(),
    private readonly activityStore = new ActivityStore(),
    private readonly catalogStore = new CatalogStore(),
  ) {}

  customers(db: Executor, auth: AuthContext, f: CustomerExportFilters, page: PageRequest): Page<CustomerExportRow> {
    const query = this.customerStore
      .filtered(db, auth, f)
      .leftJoin('users as owner', 'owner.id', 'customers.owner_id')
      .leftJoin('regions', 'regions.id', 'customers.region_id')
      .selectAll('customers')
      .select(['owner.name as owner_name', 'owner.email as owner_email', 'regions.name as region_name']);
    return pageOf(query, page, customerSortColumns, 'customers.id');
  }

  leads(db: Executor, auth: AuthContext, f: LeadExportFilters, page: PageRequest): Page<LeadExportRow> {
    const query = this.leadStore
      .filtered(db, auth, f)
      .leftJoin('users as owner', 'owner.id', 'leads.owner_id')
      .leftJoin('regions', 'regions.id', 'leads.region_id')
      .selectAll('leads')
      .select(['owner.name as owner_name', 'owner.email as owner_email', 'regions.name as region_name']);
    return pageOf(query, page, leadSortColumns, 'leads.id');
  }

  contacts(db: Executor, auth: AuthContext, f: ContactExportFilters, page: PageRequest): Page<ContactExportRow> {
    const query = this.contactStore
      .filtered(db, auth, f)
      .leftJoin('customers', 'customers.id', 'contacts.customer_id')
      .selectAll('contacts')
      .select('customers.name as customer_name');
    return pageOf(query, page, contactSortColumns, 'contacts.id');
  }

  activities(db: Executor, auth: AuthContext, f: ActivityExportFilters, page: PageRequest): Page<ActivityExportRow> {
    const query = this.activityStore
      .filtered(db, auth, f)
      .leftJoin('users as owner', 'owner.id', 'activities.owner_id')
      .leftJoin('leads', 'leads.id', 'activities.lead_id')
      .leftJoin('customers', 'customers.id', 'activities.customer_id')
      .selectAll('activities')
      .select(['owner.name as owner_name', 'owner.email as owner_email', 'leads.name as lead_name', 'customers.name as customer_name']);
    return pageOf(query, page, activitySortColumns, 'activities.id');
  }

  products(db: Executor, auth: AuthContext, f: ProductExportFilters, page: PageRequest): Page<ProductExportRow> {
    return pageOf(this.catalogStore.filteredProducts(db, auth, f).selectAll('products'), page, productSort, 'products.id');
  }

  timeZone(db: Executor, orgId: string): Promise<string> {
    return db.selectFrom('orgs').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow().then((o) => o.time_zone);
  }
}
