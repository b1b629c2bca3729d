/**
 * Price policies: dated overrides of a product's floor price with discount bands by quantity (B2). Which one is
 * in force on a day is decided by `priceInForce` in core.
 */
import { AppError, formatAmount, searchText, type PricePolicy } from '@closeloop/core';
import type { z } from 'zod';
import type { pricePolicyCreate, pricePolicyListQuery, pricePolicyUpdate } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { PricePolicyRow, ProductRow } from '../../platform/db/schema.js';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { diff, requireVersion, writeVersioned } from '../shared/records.js';
import { CatalogStore, toPricePolicy } from './store.js';

type PricePolicyCreate = z.infer<typeof pricePolicyCreate>;
type PricePolicyUpdate = z.infer<typeof pricePolicyUpdate>;
type PricePolicyListQuery = z.infer<typeof pricePolicyListQuery>;
type FloorPrice = PricePolicy['floorPrice'];

export class PricePolicyService {
  constructor(
    private readonly db: Executor,
    private readonly store = new CatalogStore(),
  ) {}

  async create(write: Write, input: PricePolicyCreate): Promise<PricePolicy> {
    requirePermission(write.auth, 'catalog.write');
    const product = await this.productFor(write.tx, write.auth, input.productId);
    const floorPrice = input.floorPrice ?? null;
    requireFloorFits(product, floorPrice);
    const row: PricePolicyRow = {
      id: newId(),
      org_id: write.auth.orgId,
      name: input.name,
      product_id: product.id,
      valid_from: input.validFrom,
      valid_to: input.validTo ?? null,
      floor_price_minor: floorPrice?.minor ?? null,
      currency: floorPrice?.currency ?? null,
      discount_bands: JSON.stringify(input.discountBands),
      search_text: searchText([input.name]),
      status: 'active',
      version: 1,
      created_at: write.now,
      updated_at: write.now,
    };
    await write.tx.insertInto('price_policies').values(row).execute();
    const policy = toPricePolicy(row);
    await write.audit({ action: 'create', entityType: 'price_policy', entityId: row.id, after: policy });
    await write.emit({ type: 'price_policy.created', subject: row.id, payload: { productId: product.id, validFrom: row.valid_from, validTo: row.valid_to } });
    return policy;
  }

  async get(auth: AuthContext, id: string): Promise<PricePolicy> {
    requirePermission(auth, 'catalog.read');
    return toPricePolicy(await this.existing(this.db, auth, id));
  }

  async list(auth: AuthContext, query: PricePolicyListQuery) {
    requirePermission(auth, 'catalog.read');
    if (query.ownerId !== undefined) throw new AppError('VALIDATION_FAILED', {}, { 'query.ownerId': 'price policies have no owner' });
    const { rows, nextCursor } = await this.store.listPolicies(this.db, auth, query, query);
    return { items: rows.map(toPricePolicy), nextCursor };
  }

  async update(write: Write, id: string, patch: PricePolicyUpdate): Promise<PricePolicy> {
    requirePermission(write.auth, 'catalog.write');
    const current = await this.existing(write.tx, write.auth, id);
    requireVersion('price_policy', current, patch.version);
    const next: PricePolicyRow = { ...current };
    if (patch.name !== undefined) {
      next.name = patch.name;
      next.search_text = searchText([patch.name]);
    }
    if (patch.validFrom !== undefined) next.valid_from = patch.validFrom;
    if (patch.validTo !== undefined) next.valid_to = patch.validTo;
    if (next.valid_to !== null && next.valid_to < next.valid_from) {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.validTo': `must be on or after validFrom (${next.valid_from})` });
    }
    if (patch.floorPrice !== undefined) {
      next.floor_price_minor = patch.floorPrice?.minor ?? null;
      next.currency = patch.floorPrice?.currency ?? null;
    }
    if (patch.discountBands !== undefined) next.discount_bands = JSON.stringify(patch.discountBands);
    if (patch.productId !== undefined || patch.floorPrice !== undefined) {
      const product = await this.productFor(write.tx, write.auth, patch.productId ?? current.product_id);
      next.product_id = product.id;
      requireFloorFits(product, toPricePolicy(next).floorPrice);
    }
    return this.save(write, current, next, 'update');
  }

  async setArchived(write: Write, id: string, archived: boolean, version: number): Promise<PricePolicy> {
    requirePermission(write.auth, 'catalog.write');
    const current = await this.existing(write.tx, write.auth, id);
    requireVersion('price_policy', current, version);
    return this.save(write, current, { ...current, status: archived ? 'archived' : 'active' }, archived ? 'archive' : 'restore');
  }

  private async existing(db: Executor, auth: AuthContext, id: string): Promise<PricePolicyRow> {
    const row = await this.store.findPolicy(db, auth, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'price_policy' });
    return row;
  }

  /** A policy prices an active product of the caller's own organisation. */
  private async productFor(db: Executor, auth: AuthContext, productId: string): Promise<ProductRow> {
    const product = await this.store.findProduct(db, auth, productId);
    if (!product) throw new AppError('VALIDATION_FAILED', {}, { 'body.productId': 'no such product' });
    if (product.status !== 'active') {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.productId': `product ${product.sku} is archived; restore it before pricing it` });
    }
    return product;
  }

  private async save(write: Write, current: PricePolicyRow, next: PricePolicyRow, action: 'update' | 'archive' | 'restore'): Promise<PricePolicy> {
    const saved = await writeVersioned(write.tx, 'price_policies', 'price_policy', current, next, write.now);
    const id = saved.id;
    const after = toPricePolicy(saved);
    const changed = diff(toPricePolicy(current), after);
    await write.audit({ action, entityType: 'price_policy', entityId: id, before: changed.before, after: changed.after });
    const type = action === 'update' ? 'price_policy.updated' : action === 'archive' ? 'price_policy.archived' : 'price_policy.restored';
    await write.emit({ type, subject: id, payload: { productId: saved.product_id, changed: Object.keys(changed.after) } });
    return after;
  }
}

/** A policy's floor is in the product's currency and no higher than its list price, or it is not a floor. */
function requireFloorFits(product: ProductRow, floorPrice: FloorPrice): void {
  if (!floorPrice) return;
  if (floorPrice.currency !== product.currency) {
    throw new AppError('VALIDATION_FAILED', {}, { 'body.floorPrice': `must be in the product's currency (${product.currency})` });
  }
  if (floorPrice.minor > Number(product.list_price_minor)) {
    throw new AppError('VALIDATION_FAILED', {}, { 'body.floorPrice': `must not exceed the product's list price (${formatAmount(Number(product.list_price_minor), product.currency)} ${product.currency})` });
  }
}
