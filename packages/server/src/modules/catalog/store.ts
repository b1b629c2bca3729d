/** Every query on products and price policies. The organisation is the only access boundary of the catalog. */
import type { PricePolicy, Product, DiscountBand } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { PricePolicyRow, ProductRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { orgScope } from '../../platform/access/scope.js';
import { containsText, pageOf, type PageRequest } from '../../platform/http/pagination.js';

type Currency = Product['listPrice']['currency'];
type StatusFilter = 'active' | 'archived' | 'all';

export interface ProductFilters {
  q?: string | undefined;
  status: StatusFilter;
  category?: string | undefined;
}

export interface PricePolicyFilters {
  q?: string | undefined;
  status: StatusFilter;
  productId?: string | undefined;
  activeOn?: string | undefined;
}

export const productSort = { name: 'products.name', sku: 'products.sku', createdAt: 'products.created_at', updatedAt: 'products.updated_at' };
const policySort = {
  name: 'price_policies.name', validFrom: 'price_policies.valid_from', createdAt: 'price_policies.created_at', updatedAt: 'price_policies.updated_at',
};

export function toProduct(row: ProductRow): Product {
  const currency = row.currency as Currency;
  return {
    id: row.id,
    version: row.version,
    status: row.status as Product['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sku: row.sku,
    name: row.name,
    category: row.category,
    unit: row.unit,
    listPrice: { minor: Number(row.list_price_minor), currency },
    floorPrice: { minor: Number(row.floor_price_minor), currency },
  };
}

export function toPricePolicy(row: PricePolicyRow): PricePolicy {
  return {
    id: row.id,
    version: row.version,
    status: row.status as PricePolicy['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    name: row.name,
    productId: row.product_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    floorPrice:
      row.floor_price_minor === null || row.currency === null ? null : { minor: Number(row.floor_price_minor), currency: row.currency as Currency },
    discountBands: JSON.parse(row.discount_bands) as DiscountBand[],
  };
}

export class CatalogStore {
  findProduct(db: Executor, auth: AuthContext, id: string): Promise<ProductRow | undefined> {
    return db.selectFrom('products').selectAll().where('id', '=', id).where(orgScope(auth, 'products')).executeTakeFirst();
  }

  /** The products a list or an export walks: the organisation and the filters, nothing selected yet. */
  filteredProducts(db: Executor, auth: AuthContext, filters: ProductFilters) {
    let query = db.selectFrom('products').where(orgScope(auth, 'products'));
    if (filters.status !== 'all') query = query.where('products.status', '=', filters.status);
    if (filters.q) query = query.where(containsText('products.search_text', filters.q));
    if (filters.category) query = query.where('products.category', '=', filters.category);
    return query;
  }

  listProducts(db: Executor, auth: AuthContext, filters: ProductFilters, page: PageRequest) {
    return pageOf(this.filteredProducts(db, auth, filters).selectAll('products'), page, productSort, 'products.id');
  }

  findPolicy(db: Executor, auth: AuthContext, id: string): Promise<PricePolicyRow | undefined> {
    return db.selectFrom('price_policies').selectAll().where('id', '=', id).where(orgScope(auth, 'price_policies')).executeTakeFirst();
  }

  /** Active policies of a product, for working out the price in force and for currency checks. */
  activePoliciesOf(db: Executor, auth: AuthContext, productId: string): Promise<PricePolicyRow[]> {
    return db
      .selectFrom('price_policies')
      .selectAll()
      .where(orgScope(auth, 'price_policies'))
      .where('product_id', '=', productId)
      .where('status', '=', 'active')
      .execute();
  }

  listPolicies(db: Executor, auth: AuthContext, filters: PricePolicyFilters, page: PageRequest) {
    let query = db.selectFrom('price_policies').selectAll().where(orgScope(auth, 'price_policies'));
    if (filters.status !== 'all') query = query.where('status', '=', filters.status);
    if (filters.q) query = query.where(containsText('search_text', filters.q));
    if (filters.productId) query = query.where('product_id', '=', filters.productId);
    if (filters.activeOn) {
      const day = filters.activeOn;
      query = query.where('valid_from', '<=', day).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]));
    }
    return pageOf(query, page, policySort, 'price_policies.id');
  }
}
