/**
 * Request and response shapes of shipping notes (B1): a delivery planned against a signed contract (and optionally one
 * of its purchase orders), shipped, delivered or cancelled. Shipping before payment in full, where the contract's terms
 * forbid it, takes an approver's audited override.
 */
import { z } from 'zod';
import { idSchema } from '../crm/contracts.js';
import { sortKeyMessage } from '../crm/list-query.js';
import { localisedMessage } from '../platform/localised-issue.js';
import { shipmentStatuses } from './states.js';
import { calendarDay, documentReason, documentVersion } from './receipt-contracts.js';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const shipmentCreate = z
  .strictObject({
    contractId: idSchema,
    orderId: idSchema.nullable().optional().meta({ description: 'A purchase order of the same contract' }),
    plannedOn: calendarDay,
    carrier: optionalText(100),
    trackingNo: optionalText(100),
    note: optionalText(1000),
  })
  .meta({ example: { contractId: '01JD00000000000000000000C1', plannedOn: '2026-11-30', carrier: '顺丰速运', trackingNo: 'SF1234567890' } });
export type ShipmentCreate = z.infer<typeof shipmentCreate>;

export const shipmentShip = z
  .strictObject({
    version: documentVersion,
    carrier: optionalText(100),
    trackingNo: optionalText(100),
    override: z.boolean().optional().meta({ description: 'Ship although the contract\'s terms forbid shipping before payment in full (documents.approve; give a reason)' }),
    reason: documentReason.optional(),
  })
  .refine((body) => !body.override || !!body.reason, { ...localisedMessage({ en: 'an override needs a reason', 'zh-CN': '越权发货须说明原因' }), path: ['reason'] })
  .meta({ example: { trackingNo: 'SF1234567890' } });
export type ShipmentShip = z.infer<typeof shipmentShip>;

export const shipmentAction = z
  .strictObject({ version: documentVersion, reason: z.string().trim().max(500).optional().meta({ description: 'Why (kept in its life story)' }) })
  .meta({ example: { version: 2 } });

export const shipment = z
  .object({
    id: z.string(),
    traceCode: z.string(),
    status: z.enum(shipmentStatuses),
    version: z.number().int(),
    contractId: z.string(),
    contractTraceCode: z.string(),
    orderId: z.string().nullable(),
    customerId: z.string(),
    ownerId: z.string(),
    teamId: z.string().nullable(),
    regionId: z.string().nullable(),
    industry: z.string().nullable(),
    plannedOn: z.string(),
    carrier: z.string().nullable(),
    trackingNo: z.string().nullable(),
    shippedAt: z.string().nullable(),
    shippedOn: z.string().nullable().meta({ description: 'The company day it shipped (YYYY-MM-DD, company time zone)' }),
    deliveredAt: z.string().nullable(),
    note: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    example: {
      id: '01JD00000000000000000000S1', traceCode: 'FH-2026-000003', status: 'shipped', version: 2, contractId: '01JD00000000000000000000C1',
      contractTraceCode: 'HT-2026-000007', orderId: null, customerId: '01JD0000000000000000000001', ownerId: '01JD00000000000000000000U1', teamId: null,
      regionId: null, industry: 'manufacturing', plannedOn: '2026-11-30', carrier: '顺丰速运', trackingNo: 'SF1234567890', shippedAt: '2026-11-30T02:00:00.000Z',
      shippedOn: '2026-11-30', deliveredAt: null, note: null, createdBy: '01JD00000000000000000000U1', createdAt: '2026-11-26T06:00:00.000Z', updatedAt: '2026-11-30T02:00:00.000Z',
    },
  });
export type Shipment = z.infer<typeof shipment>;

const shipmentSortKeys = ['createdAt', 'plannedOn'] as const;
export const shipmentListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
  sort: z.string().regex(/^(createdAt|plannedOn):(asc|desc)$/, sortKeyMessage(shipmentSortKeys)).default('createdAt:desc'),
  status: z.enum(shipmentStatuses).optional(),
  contractId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Trace code or tracking number' }),
});
export type ShipmentListQuery = z.infer<typeof shipmentListQuery>;
