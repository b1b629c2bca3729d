/**
 * Request and response shapes of payment receipts (B1, B3): finance registers money received from a customer,
 * matches it to that customer's contracts, and confirms it; a confirmed receipt may be refunded or voided. Amounts are
 * integer minor units (fen) of the company's currency — one currency per company, multi-currency is out of scope: a receipt
 * or contract in another currency is refused, naming both.
 */
import { z } from 'zod';
import { idSchema } from '../crm/contracts.js';
import { currencies } from '../crm/vocab.js';
import { sortKeyMessage } from '../crm/list-query.js';
import { localisedMessage } from '../platform/localised-issue.js';
import { receiptStatuses } from './states.js';

/** A positive amount of money in minor units (fen, cents). */
export const positiveMinor = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** A calendar day, YYYY-MM-DD. */
export const calendarDay = z.iso.date();
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
/** The version read, for an action on a document: when sent, the action is refused if someone moved it since. */
export const documentVersion = z.number().int().min(1).optional();
/** Why a document is refunded, voided or overridden: required, kept in its life story and the audit log. */
export const documentReason = z.string().trim().min(1, localisedMessage({ en: 'give a reason', 'zh-CN': '请填写原因' })).max(500);

export const receiptAllocationInput = z.strictObject({
  contractId: idSchema,
  amountMinor: positiveMinor.meta({ description: 'How much of the receipt pays this contract, in minor units' }),
});

const allocationsInput = z.array(receiptAllocationInput).max(50);

export const receiptCreate = z
  .strictObject({
    customerId: idSchema,
    amountMinor: positiveMinor.meta({ description: 'The money received, in minor units of the company currency' }),
    currency: z.enum(currencies).optional().meta({ description: 'The company currency (the default); any other is refused' }),
    receivedOn: calendarDay.meta({ description: 'The day the bank received it' }),
    bankReference: optionalText(100),
    payerName: optionalText(120),
    note: optionalText(1000),
    allocations: allocationsInput.default([]).meta({ description: 'Contracts of the customer this pays; may add up to less than the amount until confirmed' }),
  })
  .meta({
    example: {
      customerId: '01JD0000000000000000000001', amountMinor: 15000000, receivedOn: '2026-11-26', bankReference: 'CMB20261126-0042', payerName: '上海卓越精密制造有限公司',
      allocations: [{ contractId: '01JD00000000000000000000C1', amountMinor: 10000000 }, { contractId: '01JD00000000000000000000C2', amountMinor: 5000000 }],
    },
  });
export type ReceiptCreate = z.infer<typeof receiptCreate>;

export const receiptUpdate = z
  .strictObject({
    version: z.number().int().min(1),
    amountMinor: positiveMinor.optional(),
    receivedOn: calendarDay.optional(),
    bankReference: optionalText(100),
    payerName: optionalText(120),
    note: optionalText(1000),
    allocations: allocationsInput.optional().meta({ description: 'Replaces every allocation' }),
  })
  .meta({ example: { version: 1, allocations: [{ contractId: '01JD00000000000000000000C1', amountMinor: 15000000 }] } });
export type ReceiptUpdate = z.infer<typeof receiptUpdate>;

export const receiptConfirm = z.strictObject({ version: documentVersion }).meta({ example: { version: 1 } });
export const receiptReverse = z.strictObject({ version: documentVersion, reason: documentReason }).meta({ example: { reason: '客户重复付款，原路退回' } });

/**
 * A refund of a confirmed receipt: all of what is not yet refunded (no amount, no split), an amount split pro rata over
 * the contracts it paid, or an explicit split per contract (planRefund in refund.ts).
 */
export const receiptRefund = z
  .strictObject({
    version: documentVersion,
    reason: documentReason,
    amountMinor: positiveMinor.optional().meta({ description: 'How much to refund, in minor units; everything not yet refunded when left out' }),
    allocations: z.array(receiptAllocationInput).min(1).max(50).optional()
      .meta({ description: 'How much comes off each contract the receipt paid; pro rata over them when left out. With amountMinor, must add up to it' }),
  })
  .meta({ example: { version: 2, reason: '第 2 行退货，退回货款', amountMinor: 3000000, allocations: [{ contractId: '01JD00000000000000000000C1', amountMinor: 3000000 }] } });
export type ReceiptRefund = z.infer<typeof receiptRefund>;

export const receiptAllocation = z.object({
  contractId: z.string(),
  contractTraceCode: z.string(),
  contractTitle: z.string(),
  amountMinor: z.number().int(),
  refundedMinor: z.number().int().meta({ description: 'How much of this allocation has been refunded since confirmation' }),
});

export const receipt = z
  .object({
    id: z.string(),
    traceCode: z.string(),
    status: z.enum(receiptStatuses),
    version: z.number().int(),
    customerId: z.string(),
    ownerId: z.string().meta({ description: 'The customer\'s owner when the receipt was registered' }),
    teamId: z.string().nullable(),
    regionId: z.string().nullable(),
    industry: z.string().nullable(),
    amountMinor: z.number().int(),
    currency: z.string(),
    allocatedMinor: z.number().int(),
    unallocatedMinor: z.number().int().meta({ description: 'What is not yet matched to a contract (0 once confirmed)' }),
    refundedMinor: z.number().int().meta({ description: 'What has been refunded of it so far (partial refunds keep it confirmed)' }),
    receivedOn: z.string(),
    bankReference: z.string().nullable(),
    payerName: z.string().nullable(),
    note: z.string().nullable(),
    allocations: z.array(receiptAllocation),
    confirmedBy: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    confirmedOn: z.string().nullable().meta({ description: 'The company day it was confirmed (YYYY-MM-DD, company time zone)' }),
    reversedAt: z.string().nullable(),
    reversedOn: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    example: {
      id: '01JD00000000000000000000R1', traceCode: 'HK-2026-000042', status: 'confirmed', version: 2, customerId: '01JD0000000000000000000001',
      ownerId: '01JD00000000000000000000U1', teamId: '01JD00000000000000000000T1', regionId: null, industry: 'manufacturing', amountMinor: 15000000,
      currency: 'CNY', allocatedMinor: 15000000, unallocatedMinor: 0, refundedMinor: 0, receivedOn: '2026-11-26', bankReference: 'CMB20261126-0042', payerName: '上海卓越精密制造有限公司',
      note: null, allocations: [{ contractId: '01JD00000000000000000000C1', contractTraceCode: 'HT-2026-000007', contractTitle: '数控机床年度采购', amountMinor: 15000000, refundedMinor: 0 }],
      confirmedBy: '01JD00000000000000000000U9', confirmedAt: '2026-11-26T06:12:00.000Z', confirmedOn: '2026-11-26', reversedAt: null, reversedOn: null,
      createdBy: '01JD00000000000000000000U9', createdAt: '2026-11-26T06:00:00.000Z', updatedAt: '2026-11-26T06:12:00.000Z',
    },
  });
export type Receipt = z.infer<typeof receipt>;

const receiptSortKeys = ['createdAt', 'receivedOn', 'amountMinor'] as const;
export const receiptListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
  sort: z.string().regex(/^(createdAt|receivedOn|amountMinor):(asc|desc)$/, sortKeyMessage(receiptSortKeys)).default('createdAt:desc'),
  status: z.enum(receiptStatuses).optional(),
  customerId: z.string().max(64).optional(),
  contractId: z.string().max(64).optional().meta({ description: 'Receipts with an allocation to this contract' }),
  q: z.string().trim().max(100).optional().meta({ description: 'Trace code, bank reference or payer name' }),
  receivedFrom: calendarDay.optional(),
  receivedTo: calendarDay.optional(),
});
export type ReceiptListQuery = z.infer<typeof receiptListQuery>;
