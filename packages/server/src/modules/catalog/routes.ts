import { z } from 'zod';
import {
  discountBand, idSchema, moneySchema, pageOf, pricePolicy, pricePolicyCreate, pricePolicyListQuery, pricePolicyUpdate, product,
  productCreate, productListQuery, productUpdate,
} from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });
const versionBody = z.strictObject({ version: z.number().int().min(1) }).meta({ example: { version: 1 } });
const priceQuery = z.strictObject({ on: z.iso.date().meta({ description: 'The day to price on (YYYY-MM-DD)', example: '2026-11-26' }) });
const priceInForce = z
  .object({
    productId: z.string(),
    on: z.string(),
    listPrice: moneySchema,
    floorPrice: moneySchema,
    discountBands: z.array(discountBand),
    policyId: z.string().nullable().meta({ description: 'The price policy in force, or null when the product\'s own prices apply' }),
  })
  .meta({
    example: {
      productId: '01JD0000000000000000000000', on: '2026-11-26', listPrice: { minor: 12000000, currency: 'CNY' },
      floorPrice: { minor: 9000000, currency: 'CNY' }, discountBands: [{ minQuantity: 1, maxDiscountBp: 500 }, { minQuantity: 10, maxDiscountBp: 1200 }],
      policyId: '01JD0000000000000000000001',
    },
  });

export function catalogRoutes(app: TypedApp, deps: RouteDeps): void {
  productRoutes(app, deps);
  pricePolicyRoutes(app, deps);
}

function productRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['catalog'];
  app.get('/products', {
    schema: { tags, summary: 'List products (search SKU, name or category)', querystring: productListQuery, response: { 200: pageOf(product), ...errorResponses } },
  }, (req) => services.products.list(authOf(req), req.query));

  app.post('/products', {
    schema: { tags, summary: 'Create a product (SKU unique in the organisation)', body: productCreate, response: { 201: product, ...errorResponses } },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.products.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/products/:id', {
    schema: { tags, summary: 'Get a product', params, response: { 200: product, ...errorResponses } },
  }, (req) => services.products.get(authOf(req), req.params.id));

  app.get('/products/:id/price', {
    schema: {
      tags, summary: 'The floor price and discount bands in force for a product on a day', params, querystring: priceQuery,
      response: { 200: priceInForce, ...errorResponses },
    },
  }, (req) => services.products.priceOn(authOf(req), req.params.id, req.query.on));

  app.patch('/products/:id', {
    schema: { tags, summary: 'Update a product (send the version you read)', params, body: productUpdate, response: { 200: product, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.products.update(w, req.params.id, req.body) }))).body);

  app.post('/products/:id/archive', {
    schema: { tags, summary: 'Archive a product', params, body: versionBody, response: { 200: product, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.products.setArchived(w, req.params.id, true, req.body.version) }), idempotencyOf(req))).body);

  app.post('/products/:id/restore', {
    schema: { tags, summary: 'Restore an archived product', params, body: versionBody, response: { 200: product, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.products.setArchived(w, req.params.id, false, req.body.version) }), idempotencyOf(req))).body);
}

function pricePolicyRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['catalog'];
  app.get('/price-policies', {
    schema: {
      tags, summary: 'List price policies (by product, or in force on a day)', querystring: pricePolicyListQuery,
      response: { 200: pageOf(pricePolicy), ...errorResponses },
    },
  }, (req) => services.pricePolicies.list(authOf(req), req.query));

  app.post('/price-policies', {
    schema: { tags, summary: 'Create a price policy for a product', body: pricePolicyCreate, response: { 201: pricePolicy, ...errorResponses } },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.pricePolicies.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/price-policies/:id', {
    schema: { tags, summary: 'Get a price policy', params, response: { 200: pricePolicy, ...errorResponses } },
  }, (req) => services.pricePolicies.get(authOf(req), req.params.id));

  app.patch('/price-policies/:id', {
    schema: { tags, summary: 'Update a price policy (send the version you read)', params, body: pricePolicyUpdate, response: { 200: pricePolicy, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.pricePolicies.update(w, req.params.id, req.body) }))).body);

  app.post('/price-policies/:id/archive', {
    schema: { tags, summary: 'Archive a price policy', params, body: versionBody, response: { 200: pricePolicy, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.pricePolicies.setArchived(w, req.params.id, true, req.body.version) }), idempotencyOf(req))).body);

  app.post('/price-policies/:id/restore', {
    schema: { tags, summary: 'Restore an archived price policy', params, body: versionBody, response: { 200: pricePolicy, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.pricePolicies.setArchived(w, req.params.id, false, req.body.version) }), idempotencyOf(req))).body);
}
