/** Products: the catalog a contract's lines are checked against (B2). Everyone reads it; ops and admins keep it. */
import { AppError, priceInForce, searchText, type Money, type PriceInForce, type Product } from '@closeloop/core';
import type { z } from 'zod';
import type { productCreate, productListQuery, productUpdate } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { ProductRow } from '../../platform/db/schema.js';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import { isUniqueViolation, type Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { diff, requireVersion, writeVersioned } from '../shared/records.js';
import { CatalogStore, toPricePolicy, toProduct } from './store.js';

type ProductCreate = z.infer<typeof productCreate>;
type ProductUpdate = z.infer<typeof productUpdate>;
type ProductListQuery = z.infer<typeof productListQuery>;

export class ProductService {
  constructor(
    private readonly db: Executor,
    private readonly store = new CatalogStore(),
  ) {}

  async create(write: Write, input: ProductCreate): Promise<Product> {
    requirePermission(write.auth, 'catalog.write');
    const row: ProductRow = {
      id: newId(),
      org_id: write.auth.orgId,
      sku: input.sku,
      name: input.name,
      category: input.category ?? null,
      unit: input.unit,
      currency: input.listPrice.currency,
      list_price_minor: input.listPrice.minor,
      floor_price_minor: input.floorPrice.minor,
      search_text: '',
      status: 'active',
      version: 1,
      created_at: write.now,
      updated_at: write.now,
    };
    row.search_text = productSearchText(row);
    await skuMustBeFree(row.sku, () => write.tx.insertInto('products').values(row).execute());
    const product = toProduct(row);
    await write.audit({ action: 'create', entityType: 'product', entityId: row.id, after: product });
    await write.emit({ type: 'product.created', subject: row.id, payload: { sku: row.sku } });
    return product;
  }

  async get(auth: AuthContext, id: string): Promise<Product> {
    requirePermission(auth, 'catalog.read');
    return toProduct(await this.existing(this.db, auth, id));
  }

  async list(auth: AuthContext, query: ProductListQuery) {
    requirePermission(auth, 'catalog.read');
    if (query.ownerId !== undefined) throw new AppError('VALIDATION_FAILED', {}, { 'query.ownerId': 'products have no owner' });
    const { rows, nextCursor } = await this.store.listProducts(this.db, auth, query, query);
    return { items: rows.map(toProduct), nextCursor };
  }

  /** The list price, floor price and discount bands that hold for the product on a day. */
  async priceOn(auth: AuthContext, id: string, onDate: string): Promise<PriceInForce<Product['listPrice']> & { productId: string; on: string }> {
    requirePermission(auth, 'catalog.read');
    const product = toProduct(await this.existing(this.db, auth, id));
    const policies = (await this.store.activePoliciesOf(this.db, auth, id)).map(toPricePolicy);
    return { productId: id, on: onDate, ...priceInForce(product, policies, onDate) };
  }

  async update(write: Write, id: string, patch: ProductUpdate): Promise<Product> {
    requirePermission(write.auth, 'catalog.write');
    const current = await this.existing(write.tx, write.auth, id);
    requireVersion('product', current, patch.version);
    const next: ProductRow = { ...current };
    if (patch.sku !== undefined) next.sku = patch.sku;
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.category !== undefined) next.category = patch.category;
    if (patch.unit !== undefined) next.unit = patch.unit;
    const shown = toProduct(current);
    const listPrice = patch.listPrice ?? shown.listPrice;
    const floorPrice = patch.floorPrice ?? shown.floorPrice;
    requireFloorWithinList(listPrice, floorPrice);
    next.currency = listPrice.currency;
    next.list_price_minor = listPrice.minor;
    next.floor_price_minor = floorPrice.minor;
    if (next.currency !== current.currency) await this.requirePoliciesIn(write.tx, write.auth, current, next.currency);
    next.search_text = productSearchText(next);
    return this.save(write, current, next, 'update');
  }

  async setArchived(write: Write, id: string, archived: boolean, version: number): Promise<Product> {
    requirePermission(write.auth, 'catalog.write');
    const current = await this.existing(write.tx, write.auth, id);
    requireVersion('product', current, version);
    return this.save(write, current, { ...current, status: archived ? 'archived' : 'active' }, archived ? 'archive' : 'restore');
  }

  private async existing(db: Executor, auth: AuthContext, id: string): Promise<ProductRow> {
    const row = await this.store.findProduct(db, auth, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'product' });
    return row;
  }

  /** A product's currency may change only if none of its active policies holds a floor price in the old one. */
  private async requirePoliciesIn(db: Executor, auth: AuthContext, product: ProductRow, currency: string): Promise<void> {
    const clashing = (await this.store.activePoliciesOf(db, auth, product.id)).filter((p) => p.currency !== null && p.currency !== currency);
    if (clashing.length === 0) return;
    throw new AppError('CONFLICT', {
      detail: `The price policy "${clashing[0]!.name}" of this product sets a floor price in ${clashing[0]!.currency}. Change or archive the product's price policies before changing its currency to ${currency}.`,
    });
  }

  private async save(write: Write, current: ProductRow, next: ProductRow, action: 'update' | 'archive' | 'restore'): Promise<Product> {
    const saved = await skuMustBeFree(next.sku, () => writeVersioned(write.tx, 'products', 'product', current, next, write.now));
    const id = saved.id;
    const after = toProduct(saved);
    const changed = diff(toProduct(current), after);
    await write.audit({ action, entityType: 'product', entityId: id, before: changed.before, after: changed.after });
    const type = action === 'update' ? 'product.updated' : action === 'archive' ? 'product.archived' : 'product.restored';
    await write.emit({ type, subject: id, payload: { changed: Object.keys(changed.after) } });
    return after;
  }
}

/** The floor is what a salesperson may never go below, so it cannot sit above the list price or in another currency. */
function requireFloorWithinList(listPrice: Money, floorPrice: Money): void {
  if (floorPrice.currency !== listPrice.currency) {
    throw new AppError('VALIDATION_FAILED', {}, { 'body.floorPrice': `must be in the list price's currency (${listPrice.currency})` });
  }
  if (floorPrice.minor > listPrice.minor) {
    throw new AppError('VALIDATION_FAILED', {}, { 'body.floorPrice': 'must not exceed the list price' });
  }
}

/** SKUs are unique per organisation (a unique index); a clash, even a concurrent one, is a clear 409. */
async function skuMustBeFree<T>(sku: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', {
        detail: `A product with SKU ${sku} already exists (archived products keep their SKU). Choose another SKU or restore that product.`,
      });
    }
    throw error;
  }
}

function productSearchText(row: Pick<ProductRow, 'sku' | 'name' | 'category'>): string {
  return searchText([row.sku, row.name, row.category]);
}
