import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('catalog on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: world.as(person), ...(payload === undefined ? {} : { payload: payload as object }) });
  const cny = (minor: number) => ({ minor, currency: 'CNY' });
  let skuCounter = 0;
  const newProduct = async (overrides: Record<string, unknown> = {}) => {
    const res = await call('ops', 'POST', '/products', {
      sku: `SKU-${++skuCounter}`, name: `产品 ${skuCounter}`, category: '软件', listPrice: cny(1_000_000), floorPrice: cny(800_000), ...overrides,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('lets ops create a product that every rep of the organisation can read', async () => {
    const product = await newProduct({ sku: 'CL-MES-STD', name: 'MES 标准版（年）', unit: '套' });
    expect(product).toMatchObject({ sku: 'CL-MES-STD', listPrice: cny(1_000_000), floorPrice: cny(800_000), unit: '套', version: 1, status: 'active' });
    const asRep = await call('repEast1', 'GET', `/products/${product.id}`);
    expect(asRep.statusCode).toBe(200);
    expect(asRep.json().name).toBe('MES 标准版（年）');
  });

  it('refuses catalog writes to reps and managers', async () => {
    for (const person of ['repEast1', 'managerEast'] as const) {
      const res = await call(person, 'POST', '/products', { sku: 'REP-1', name: 'x', listPrice: cny(100), floorPrice: cny(50) });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const product = await newProduct();
    const patch = await call('repEast1', 'PATCH', `/products/${product.id}`, { version: 1, name: 'hacked' });
    expect(patch.statusCode).toBe(403);
    expect((await call('admin', 'GET', `/products/${product.id}`)).json().name).toBe(product.name);
  });

  it('answers a duplicate SKU with a clear conflict, archived products included', async () => {
    const product = await newProduct({ sku: 'DUP-1' });
    await call('ops', 'POST', `/products/${product.id}/archive`, { version: 1 });
    const again = await call('admin', 'POST', '/products', { sku: 'DUP-1', name: '另一个', listPrice: cny(100), floorPrice: cny(50) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
    expect(again.json().error.message).toContain('SKU DUP-1 already exists');
    const other = await newProduct({ sku: 'DUP-2' });
    const renamed = await call('ops', 'PATCH', `/products/${other.id}`, { version: 1, sku: 'DUP-1' });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.message).toContain('DUP-1');
  });

  it('lets another organisation use the same SKU and keeps the catalogs apart', async () => {
    const ours = await newProduct({ sku: 'SHARED-SKU' });
    const theirs = await call('otherOrgAdmin', 'POST', '/products', { sku: 'SHARED-SKU', name: 'Theirs', listPrice: cny(100), floorPrice: cny(50) });
    expect(theirs.statusCode).toBe(201);
    expect((await call('otherOrgAdmin', 'GET', `/products/${ours.id}`)).statusCode).toBe(404);
    expect((await call('otherOrgRep', 'GET', `/products/${ours.id}`)).statusCode).toBe(404);
    const patch = await call('otherOrgAdmin', 'PATCH', `/products/${ours.id}`, { version: 1, name: 'taken over' });
    expect(patch.statusCode).toBe(404);
    const list = await call('otherOrgRep', 'GET', '/products?limit=200');
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([theirs.json().id]);
  });

  it('keeps the floor price at or below the list price, in one currency, also on partial updates', async () => {
    const product = await newProduct();
    const above = await call('ops', 'PATCH', `/products/${product.id}`, { version: 1, floorPrice: cny(2_000_000) });
    expect(above.statusCode).toBe(400);
    expect(above.json().error.fields['body.floorPrice']).toContain('list price');
    const otherCurrency = await call('ops', 'PATCH', `/products/${product.id}`, { version: 1, listPrice: { minor: 150_000, currency: 'USD' } });
    expect(otherCurrency.statusCode).toBe(400);
    const both = await call('ops', 'PATCH', `/products/${product.id}`, {
      version: 1, listPrice: { minor: 150_000, currency: 'USD' }, floorPrice: { minor: 120_000, currency: 'USD' },
    });
    expect(both.statusCode).toBe(200);
    expect(both.json()).toMatchObject({ version: 2, listPrice: { minor: 150_000, currency: 'USD' } });
  });

  it('archives and restores a product with the version the caller read', async () => {
    const product = await newProduct();
    const stale = await call('ops', 'POST', `/products/${product.id}/archive`, { version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    const archived = await call('ops', 'POST', `/products/${product.id}/archive`, { version: 1 });
    expect(archived.json()).toMatchObject({ status: 'archived', version: 2 });
    const listed = await call('repEast1', 'GET', `/products?q=${encodeURIComponent(product.sku)}`);
    expect(listed.json().items).toHaveLength(0);
    const withArchived = await call('repEast1', 'GET', `/products?status=all&q=${encodeURIComponent(product.sku)}`);
    expect(withArchived.json().items).toHaveLength(1);
    const restored = await call('ops', 'POST', `/products/${product.id}/restore`, { version: 2 });
    expect(restored.json()).toMatchObject({ status: 'active', version: 3 });
  });

  it('searches SKU, name and category, filters by category and pages by SKU', async () => {
    await newProduct({ sku: 'SRCH-A', name: '智能仓储系统', category: '硬件' });
    await newProduct({ sku: 'SRCH-B', name: '仓储看板', category: '硬件' });
    await newProduct({ sku: 'SRCH-C', name: '培训服务', category: '服务' });
    const byName = await call('repEast1', 'GET', `/products?q=${encodeURIComponent('仓储')}`);
    expect(byName.json().items.map((p: { sku: string }) => p.sku)).toEqual(['SRCH-A', 'SRCH-B']);
    const bySku = await call('repEast1', 'GET', '/products?q=srch-c');
    expect(bySku.json().items.map((p: { sku: string }) => p.sku)).toEqual(['SRCH-C']);
    const byCategoryText = await call('repEast1', 'GET', `/products?q=${encodeURIComponent('服务')}`);
    expect(byCategoryText.json().items.map((p: { sku: string }) => p.sku)).toEqual(['SRCH-C']);
    const page1 = await call('repEast1', 'GET', `/products?category=${encodeURIComponent('硬件')}&limit=1&sort=sku:desc`);
    expect(page1.json().items[0].sku).toBe('SRCH-B');
    const page2 = await call('repEast1', 'GET', `/products?category=${encodeURIComponent('硬件')}&limit=1&sort=sku:desc&cursor=${page1.json().nextCursor}`);
    expect(page2.json().items[0].sku).toBe('SRCH-A');
    expect(page2.json().nextCursor).toBeNull();
    expect((await call('repEast1', 'GET', `/products?ownerId=${world.ids.repEast1}`)).statusCode).toBe(400);
  });

  it('writes an audit entry and an outbox event for each product change', async () => {
    const product = await newProduct();
    await call('ops', 'PATCH', `/products/${product.id}`, { version: 1, name: '改名' });
    const audit = await world.database.db.selectFrom('audit_log').select(['action', 'actor_id', 'after']).where('entity_id', '=', product.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]!.actor_id).toBe(world.ids.ops);
    expect(JSON.parse(audit[1]!.after!)).toEqual({ name: '改名' });
    const events = await world.database.db.selectFrom('events').select('type').where('subject', '=', product.id).orderBy('created_at').execute();
    expect(events.map((e) => e.type).sort()).toEqual(['product.created', 'product.updated']);
  });

  describe('price policies', () => {
    it('creates a policy for a product of the same organisation only, in the product\'s currency', async () => {
      const product = await newProduct();
      const ok = await call('ops', 'POST', '/price-policies', {
        name: '2026 华东渠道价', productId: product.id, validFrom: '2026-01-01', validTo: '2026-12-31', floorPrice: cny(700_000),
        discountBands: [{ minQuantity: 1, maxDiscountBp: 500 }, { minQuantity: 10, maxDiscountBp: 1200 }],
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ productId: product.id, floorPrice: cny(700_000), validTo: '2026-12-31' });

      const usd = await call('ops', 'POST', '/price-policies', { name: 'USD', productId: product.id, validFrom: '2026-01-01', floorPrice: { minor: 100, currency: 'USD' } });
      expect(usd.statusCode).toBe(400);
      expect(usd.json().error.fields['body.floorPrice']).toContain('CNY');

      const foreign = await call('otherOrgAdmin', 'POST', '/price-policies', { name: 'steal', productId: product.id, validFrom: '2026-01-01' });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().error.fields['body.productId']).toBe('no such product');

      const aboveList = await call('ops', 'POST', '/price-policies', { name: 'too high', productId: product.id, validFrom: '2026-01-01', floorPrice: cny(5_000_000) });
      expect(aboveList.statusCode).toBe(400);

      const asRep = await call('repEast1', 'POST', '/price-policies', { name: 'rep', productId: product.id, validFrom: '2026-01-01' });
      expect(asRep.statusCode).toBe(403);
      expect((await call('otherOrgAdmin', 'GET', `/price-policies/${ok.json().id}`)).statusCode).toBe(404);
    });

    it('refuses a validity that ends before it starts, also when only one end changes', async () => {
      const product = await newProduct();
      const created = await call('ops', 'POST', '/price-policies', { name: 'Q1', productId: product.id, validFrom: '2026-01-01', validTo: '2026-03-31' });
      const backwards = await call('ops', 'PATCH', `/price-policies/${created.json().id}`, { version: 1, validFrom: '2026-06-01' });
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().error.fields['body.validTo']).toContain('2026-06-01');
    });

    it('prices a product on a day with the latest policy in force and lists the policies in force', async () => {
      const product = await newProduct();
      const yearly = (await call('ops', 'POST', '/price-policies', {
        name: '年度价', productId: product.id, validFrom: '2026-01-01', validTo: '2026-12-31', floorPrice: cny(750_000),
        discountBands: [{ minQuantity: 1, maxDiscountBp: 500 }],
      })).json();
      const december = (await call('ops', 'POST', '/price-policies', {
        name: '年末促销', productId: product.id, validFrom: '2026-12-01', validTo: '2026-12-31', discountBands: [{ minQuantity: 1, maxDiscountBp: 1500 }],
      })).json();

      const november = await call('repEast1', 'GET', `/products/${product.id}/price?on=2026-11-15`);
      expect(november.json()).toMatchObject({ policyId: yearly.id, floorPrice: cny(750_000), discountBands: [{ minQuantity: 1, maxDiscountBp: 500 }] });
      const dec = await call('repEast1', 'GET', `/products/${product.id}/price?on=2026-12-24`);
      expect(dec.json()).toMatchObject({ policyId: december.id, floorPrice: cny(800_000), discountBands: [{ minQuantity: 1, maxDiscountBp: 1500 }] });
      const before = await call('repEast1', 'GET', `/products/${product.id}/price?on=2025-12-31`);
      expect(before.json()).toMatchObject({ policyId: null, floorPrice: cny(800_000), discountBands: [] });

      const inForce = await call('repEast1', 'GET', `/price-policies?productId=${product.id}&activeOn=2026-12-24&sort=validFrom:asc`);
      expect(inForce.json().items.map((p: { id: string }) => p.id)).toEqual([yearly.id, december.id]);
      const inNovember = await call('repEast1', 'GET', `/price-policies?productId=${product.id}&activeOn=2026-11-01`);
      expect(inNovember.json().items.map((p: { id: string }) => p.id)).toEqual([yearly.id]);

      await call('ops', 'POST', `/price-policies/${december.id}/archive`, { version: 1 });
      const afterArchive = await call('repEast1', 'GET', `/products/${product.id}/price?on=2026-12-24`);
      expect(afterArchive.json().policyId).toBe(yearly.id);
    });

    it('does not let a product change currency under a policy priced in the old one', async () => {
      const product = await newProduct();
      await call('ops', 'POST', '/price-policies', { name: '人民币底价', productId: product.id, validFrom: '2026-01-01', floorPrice: cny(700_000) });
      const res = await call('ops', 'PATCH', `/products/${product.id}`, {
        version: 1, listPrice: { minor: 150_000, currency: 'USD' }, floorPrice: { minor: 120_000, currency: 'USD' },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toContain('人民币底价');
    });

    it('audits and announces policy changes', async () => {
      const product = await newProduct();
      const policy = (await call('ops', 'POST', '/price-policies', { name: '渠道价', productId: product.id, validFrom: '2026-01-01' })).json();
      const updated = await call('admin', 'PATCH', `/price-policies/${policy.id}`, { version: 1, validTo: '2027-03-31' });
      expect(updated.json()).toMatchObject({ version: 2, validTo: '2027-03-31' });
      const audit = await world.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', policy.id).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      const events = await world.database.db.selectFrom('events').select('type').where('subject', '=', policy.id).execute();
      expect(events.map((e) => e.type).sort()).toEqual(['price_policy.created', 'price_policy.updated']);
    });
  });
});
