/**
 * Request and response shapes of purchase orders (B1): an order placed against a signed contract, for all of it or
 * a part, confirmed, fulfilled or cancelled. Amounts are integer minor units of the contract's (the company's) currency.
 */
import { z } from 'zod';
import { idSchema } from '../crm/contracts.js';
import { sortKeyMessage } from '../crm/list-query.js';
import { purchaseOrderStatuses } from './states.js';
import { calendarDay, documentVersion, positiveMinor } from './receipt-contracts.js';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const purchaseOrderCreate = z
  .strictObject({
    contractId: idSchema,
    amountMinor: positiveMinor.optional().meta({ description: 'Defaults to what the contract\'s other open orders leave of its total' }),
    orderedOn: calendarDay.optional().meta({ description: 'Defaults to today (company time zone)' }),
    customerReference: optionalText(100).meta({ description: 'The customer\'s own PO number' }),
    note: optionalText(1000),
  })
  .meta({ example: { contractId: '01JD00000000000000000000C1', amountMinor: 10000000, orderedOn: '2026-11-26', customerReference: 'PO-ZY-2026-118' } });
export type PurchaseOrderCreate = z.infer<typeof purchaseOrderCreate>;

export const purchaseOrderAction = z
  .strictObject({ version: documentVersion, reason: z.string().trim().max(500).optional().meta({ description: 'Why (kept in its life story)' }) })
  .meta({ example: { version: 1 } });

export const purchaseOrder = z
  .object({
    id: z.string(),
    traceCode: z.string(),
    status: z.enum(purchaseOrderStatuses),
    version: z.number().int(),
    contractId: z.string(),
    contractTraceCode: z.string(),
    customerId: z.string(),
    ownerId: z.string(),
    teamId: z.string().nullable(),
    regionId: z.string().nullable(),
    industry: z.string().nullable(),
    amountMinor: z.number().int(),
    currency: z.string(),
    orderedOn: z.string(),
    customerReference: z.string().nullable(),
    note: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    example: {
      id: '01JD00000000000000000000P1', traceCode: 'DD-2026-000011', status: 'placed', version: 1, contractId: '01JD00000000000000000000C1',
      contractTraceCode: 'HT-2026-000007', customerId: '01JD0000000000000000000001', ownerId: '01JD00000000000000000000U1', teamId: null, regionId: null,
      industry: 'manufacturing', amountMinor: 10000000, currency: 'CNY', orderedOn: '2026-11-26', customerReference: 'PO-ZY-2026-118', note: null,
      createdBy: '01JD00000000000000000000U1', createdAt: '2026-11-26T06:00:00.000Z', updatedAt: '2026-11-26T06:00:00.000Z',
    },
  });
export type PurchaseOrder = z.infer<typeof purchaseOrder>;

const orderSortKeys = ['createdAt', 'orderedOn', 'amountMinor'] as const;
export const purchaseOrderListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
  sort: z.string().regex(/^(createdAt|orderedOn|amountMinor):(asc|desc)$/, sortKeyMessage(orderSortKeys)).default('createdAt:desc'),
  status: z.enum(purchaseOrderStatuses).optional(),
  contractId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Trace code or the customer\'s PO number' }),
});
export type PurchaseOrderListQuery = z.infer<typeof purchaseOrderListQuery>;
