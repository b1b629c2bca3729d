/**
 * Request and response shapes of contracts, their approvals, their life story (B1, B2, B4) and the document
 * settings, shared by the server (validation, OpenAPI) and the web. Money is integer minor units of the contract's
 * currency, which must be the company's (multi-currency documents are out of scope).
 */
import { z } from 'zod';
import { idSchema } from '../crm/contracts.js';
import { sortKeyMessage } from '../crm/list-query.js';
import { currencies } from '../crm/vocab.js';
import { contractViolationCodes } from './contract-checks.js';
import { documentSettingsSchema } from './settings.js';
import { contractActions, contractStatuses, documentTypes } from './states.js';

const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().min(1).max(max);
const version = z.number().int().min(1);

export const contractLineInput = z.strictObject({
  productId: idSchema,
  quantity: z.number().int().min(1).max(1_000_000),
  unitPriceMinor: minor.meta({ description: 'Unit price in minor units (fen) of the contract currency' }),
});

const contractFields = {
  title: text(200),
  lines: z.array(contractLineInput).min(1).max(200),
  paymentTermsDays: z.number().int().min(0).max(365).optional().meta({ description: "Days from signing to payment due; left out: the company's default" }),
  rebateBp: z.number().int().min(0).max(10_000).default(0).meta({ description: 'Rebate granted, basis points of the total (100 = 1%)' }),
  shipmentBeforePayment: z.boolean().default(true).meta({ description: 'false: the terms forbid shipping before payment in full' }),
  note: z.string().trim().max(2000).nullable().optional(),
};

export const contractCreate = z
  .strictObject({
    customerId: idSchema,
    currency: z.enum(currencies).optional().meta({ description: "Must be the company's currency; left out: the company's" }),
    ...contractFields,
  })
  .meta({
    example: {
      customerId: '01JD0000000000000000000001', title: 'MES 标准版 2027 年度采购', currency: 'CNY',
      lines: [{ productId: '01JD0000000000000000000003', quantity: 2, unitPriceMinor: 11_400_000 }], paymentTermsDays: 30, rebateBp: 300,
    },
  });
export type ContractCreate = z.infer<typeof contractCreate>;

export const contractUpdate = z
  .strictObject({
    version,
    title: contractFields.title.optional(),
    lines: contractFields.lines.optional(),
    paymentTermsDays: z.number().int().min(0).max(365).optional(),
    rebateBp: z.number().int().min(0).max(10_000).optional(),
    shipmentBeforePayment: z.boolean().optional(),
    note: contractFields.note,
  })
  .meta({ example: { version: 2, lines: [{ productId: '01JD0000000000000000000003', quantity: 3, unitPriceMinor: 11_000_000 }], rebateBp: 200 } });
export type ContractUpdate = z.infer<typeof contractUpdate>;

/** Submit, revise and complete name the version read, so two people pressing the button at once move it once. */
export const contractVersionBody = z.strictObject({ version }).meta({ example: { version: 1 } });
export const contractVoid = z.strictObject({ version, reason: text(500) }).meta({ example: { version: 3, reason: '客户取消采购计划' } });
export const approvalDecision = z
  .strictObject({
    comment: z.string().trim().max(1000).optional(),
    override: z.boolean().default(false).meta({ description: 'Approve despite failed checks (the step must allow it; a comment is required)' }),
  })
  .meta({ example: { comment: '老客户，历史回款良好，同意超额度', override: true } });
export const approvalRejection = z.strictObject({ comment: text(1000) }).meta({ example: { comment: '折扣过大，请按阶梯价重新报价' } });

export const contractViolation = z
  .object({
    code: z.enum(contractViolationCodes),
    lineNo: z.number().int().nullable(),
    message: z.string().meta({ description: "In the caller's language, amounts formatted" }),
    details: z.record(z.string(), z.unknown()).meta({ description: 'The rule and the amounts (minor units) the message is made of' }),
  })
  .meta({
    example: {
      code: 'credit_limit_exceeded', lineNo: null, message: '超出客户信用额度 20,000.00 元：额度 500,000.00 元，未收应收 300,000.00 元，本合同 220,000.00 元。',
      details: { limitMinor: 50_000_000, openMinor: 30_000_000, contractMinor: 22_000_000, excessMinor: 2_000_000 },
    },
  });
export type ContractViolationView = z.infer<typeof contractViolation>;

export const contractChecks = z.object({
  checkedAt: z.string(),
  checkedOn: z.string().meta({ description: 'The company day whose prices were checked' }),
  violations: z.array(contractViolation),
  overriddenBy: z.string().nullable(),
  overriddenAt: z.string().nullable(),
  overrideComment: z.string().nullable(),
});

export const contractLine = z.object({
  lineNo: z.number().int(),
  productId: z.string(),
  productName: z.string(),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  amountMinor: z.number().int(),
  listPriceMinor: z.number().int().nullable().meta({ description: 'Prices in force at the last submit' }),
  floorPriceMinor: z.number().int().nullable(),
  policyId: z.string().nullable(),
});

export const approvalStatuses = ['waiting', 'pending', 'approved', 'rejected', 'cancelled'] as const;
export const contractApproval = z.object({
  id: z.string(),
  round: z.number().int().meta({ description: 'Which submission (1 for the first, 2 after a revise and resubmit, …)' }),
  stepNo: z.number().int(),
  role: z.enum(['manager', 'ops', 'admin']),
  approverId: z.string().nullable().meta({ description: "A named approver (the owner's team leader), or null: anyone holding the role" }),
  status: z.enum(approvalStatuses),
  mayOverride: z.boolean(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
  overrode: z.boolean(),
  dueAt: z.string().nullable().meta({ description: 'When a pending step escalates' }),
  createdAt: z.string(),
});

export const contractSummary = z.object({
  id: z.string(),
  traceCode: z.string(),
  title: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  teamId: z.string().nullable(),
  regionId: z.string().nullable(),
  industry: z.string().nullable(),
  status: z.enum(contractStatuses),
  currency: z.string(),
  totalMinor: z.number().int(),
  paidMinor: z.number().int(),
  rebateBp: z.number().int(),
  paymentTermsDays: z.number().int(),
  shipmentBeforePayment: z.boolean(),
  submittedAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  signedOn: z.string().nullable().meta({ description: 'Company day of signing (YYYY-MM-DD)' }),
  dueOn: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContractSummary = z.infer<typeof contractSummary>;

export const contract = contractSummary
  .extend({
    note: z.string().nullable(),
    createdBy: z.string(),
    lines: z.array(contractLine),
    approvals: z.array(contractApproval).meta({ description: "The latest submission's steps" }),
    checks: contractChecks.nullable().meta({ description: 'The violations found at the last submit, and any override' }),
    allowedActions: z.array(z.enum(contractActions)).meta({ description: 'What the state machine allows from the status now' }),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000020', traceCode: 'HT-2026-000123', title: 'MES 标准版 2027 年度采购', customerId: '01JD0000000000000000000001',
      customerName: '上海卓越精密制造有限公司', ownerId: 'u_rep', teamId: 'team_east1', regionId: 'reg_sh', industry: 'manufacturing', status: 'in_approval',
      currency: 'CNY', totalMinor: 22_800_000, paidMinor: 0, rebateBp: 300, paymentTermsDays: 30, shipmentBeforePayment: true,
      submittedAt: '2026-11-26T02:00:00.000Z', signedAt: null, signedOn: null, dueOn: null, version: 2, createdAt: '2026-11-26T01:00:00.000Z',
      updatedAt: '2026-11-26T02:00:00.000Z', note: null, createdBy: 'u_rep',
      lines: [{ lineNo: 1, productId: '01JD0000000000000000000003', productName: 'MES 标准版（年）', quantity: 2, unitPriceMinor: 11_400_000, amountMinor: 22_800_000, listPriceMinor: 12_000_000, floorPriceMinor: 9_600_000, policyId: null }],
      approvals: [{ id: '01JD0000000000000000000021', round: 1, stepNo: 1, role: 'manager', approverId: 'u_manager', status: 'pending', mayOverride: true, decidedBy: null, decidedAt: null, comment: null, overrode: false, dueAt: '2026-11-28T02:00:00.000Z', createdAt: '2026-11-26T02:00:00.000Z' }],
      checks: { checkedAt: '2026-11-26T02:00:00.000Z', checkedOn: '2026-11-26', violations: [], overriddenBy: null, overriddenAt: null, overrideComment: null },
      allowedActions: ['approve_step', 'approve_final', 'reject', 'void'],
    },
  });
export type ContractView = z.infer<typeof contract>;

const contractSortKeys = ['createdAt', 'updatedAt', 'signedOn', 'totalMinor', 'traceCode'] as const;
export const contractListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
  sort: z.string().regex(new RegExp(`^(${contractSortKeys.join('|')}):(asc|desc)$`), sortKeyMessage(contractSortKeys)).default('createdAt:desc'),
  q: z.string().trim().max(100).optional().meta({ description: 'Trace code (exact, any case) or words of the title' }),
  status: z.enum(contractStatuses).optional(),
  ownerId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  signedFrom: z.iso.date().optional().meta({ description: 'Signed on or after this company day' }),
  signedTo: z.iso.date().optional(),
});
export type ContractListQuery = z.infer<typeof contractListQuery>;

export const approvalInboxQuery = z.strictObject({
  status: z.enum(['pending', 'decided']).default('pending').meta({ description: 'pending: steps you may decide now; decided: steps you decided' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export const approvalInboxItem = z.object({
  approvalId: z.string(),
  contractId: z.string(),
  traceCode: z.string(),
  title: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  totalMinor: z.number().int(),
  currency: z.string(),
  role: z.enum(['manager', 'ops', 'admin']),
  stepNo: z.number().int(),
  round: z.number().int(),
  status: z.enum(approvalStatuses),
  violationCount: z.number().int(),
  createdAt: z.string(),
  dueAt: z.string().nullable(),
});
export const approvalInboxPage = z.object({ items: z.array(approvalInboxItem), nextCursor: z.string().nullable() });
export type ApprovalInboxItem = z.infer<typeof approvalInboxItem>;

/** A document linked to a contract, in its life story. */
export const linkedDocument = z.object({
  type: z.enum(documentTypes),
  id: z.string(),
  traceCode: z.string(),
  status: z.string(),
  amountMinor: z.number().int().nullable().meta({ description: 'Orders: their amount; receipts: the part allocated to this contract' }),
  createdAt: z.string(),
});
export const lifeEntry = z.object({
  at: z.string(),
  kind: z.enum(['transition', 'approval', 'audit']),
  docType: z.string(),
  docId: z.string(),
  traceCode: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable().meta({ description: 'null: the system (a confirmed payment moving the contract)' }),
  note: z.string().nullable().meta({ description: 'A reason, an approval comment or what an audit entry changed' }),
});
export const contractLife = z.object({
  contract,
  documents: z.array(linkedDocument),
  allocations: z.array(z.object({ receiptId: z.string(), receiptTraceCode: z.string(), receiptStatus: z.string(), amountMinor: z.number().int(), createdAt: z.string() })),
  timeline: z.array(lifeEntry).meta({ description: 'Every transition, approval decision and audit entry of the contract and its documents, oldest first' }),
});
export type ContractLife = z.infer<typeof contractLife>;

export const documentReference = z
  .object({ type: z.enum(documentTypes), id: z.string(), traceCode: z.string() })
  .meta({ example: { type: 'contract', id: '01JD0000000000000000000020', traceCode: 'HT-2026-000123' } });

export const documentSettingsResponse = z.object({
  settings: documentSettingsSchema,
  version: z.number().int().meta({ description: '0 while the defaults are in force' }),
  updatedAt: z.string().nullable(),
});
export const documentSettingsUpdate = z
  .strictObject({ version: z.number().int().min(0), settings: documentSettingsSchema })
  .meta({
    example: {
      version: 0,
      settings: {
        approvalChain: [{ role: 'manager', minTotalMinor: 0, mayOverride: true }, { role: 'ops', minTotalMinor: 10_000_000, mayOverride: false }],
        defaultPaymentTermsDays: 45,
      },
    },
  });
