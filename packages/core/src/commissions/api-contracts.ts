/**
 * The commission engine over HTTP (C1–C3): plans as versioned documents, assignments, quotas and credit splits, the
 * payout lines a payment makes, recalculations that show their difference before anyone accepts them, period locks,
 * statements that add up to their lines, and a simulator. Shared by the server (validation, OpenAPI) and the web
 * pages (types). Money is integer minor units of the line's currency (fen for CNY) throughout.
 */
import { z } from 'zod';
import { idSchema } from '../crm/contracts.js';
import { companyDay } from '../documents/flash-contracts.js';
import { localisedMessage } from '../platform/localised-issue.js';

const minor = z.number().int().meta({ description: 'Integer minor units of the currency (fen for CNY)' });

/** "2026-11" (a month) or "2026-Q4" (a quarter): the plan's statement period. */
export const commissionPeriodLabel = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, localisedMessage({ en: 'a period such as 2026-11 or 2026-Q4', 'zh-CN': '请填写期间，例如 2026-11 或 2026-Q4' }))
  .meta({ example: '2026-11' });

export const commissionPlanKey = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]{0,63}$/, localisedMessage({ en: 'letters, digits, "-", "_" or "." (at most 64)', 'zh-CN': '仅限字母、数字、“-”“_”“.”（最多 64 个）' }))
  .meta({ example: 'east-ae' });

/**
 * Where a plan's problems are reported: a field error per problem, keyed `plan.<path in the document>` (e.g.
 * `plan.components.0.bands.1.upTo`, or `plan` for the document as a whole); a YAML/JSON syntax error is `body.source`.
 */
export const commissionPlanProblemPrefix = 'plan';

// ——— plans ———
export const commissionPlanCreate = z
  .strictObject({
    source: z.string().min(1).max(200_000).meta({ description: 'The plan as YAML or JSON text (docs/commission-plans.md). Its `version` must be above every stored version of its id.' }),
  })
  .meta({
    example: {
      source: 'id: east-ae\nversion: 1\nname: East AE plan\ncurrency: CNY\nperiod: month\neffective: { from: 2026-11-01 }\ncomponents:\n  - { id: base, type: table, bands: [ { upTo: 20000, rate: 2% }, { rate: 3% } ] }\n',
    },
  });

const planVersionFields = {
  planKey: z.string(),
  version: z.number().int(),
  name: z.string(),
  currency: z.string(),
  period: z.enum(['month', 'quarter']),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
};

export const commissionPlanVersionSummary = z.object(planVersionFields);

export const commissionPlanVersion = z.object({
  ...planVersionFields,
  source: z.string().meta({ description: 'The text as written' }),
  document: z.record(z.string(), z.unknown()).meta({ description: 'The parsed, checked plan (defaults filled in) the engine pays from' }),
});
export type CommissionPlanVersion = z.infer<typeof commissionPlanVersion>;

export const commissionPlanSummary = z.object({
  planKey: z.string(),
  name: z.string().meta({ description: 'The latest version\'s name' }),
  currency: z.string(),
  period: z.enum(['month', 'quarter']),
  latestVersion: z.number().int(),
  versions: z.array(commissionPlanVersionSummary).meta({ description: 'Newest first' }),
});
export type CommissionPlanSummary = z.infer<typeof commissionPlanSummary>;
export const commissionPlanList = z.object({ items: z.array(commissionPlanSummary) });

export const commissionPlanParams = z.strictObject({ planKey: commissionPlanKey });
export const commissionPlanVersionParams = z.strictObject({ planKey: commissionPlanKey, version: z.coerce.number().int().positive() });

// ——— assignments ———
export const commissionAssignmentCreate = z
  .strictObject({
    planKey: commissionPlanKey,
    personId: idSchema.optional(),
    teamId: idSchema.optional(),
    fromOn: companyDay,
    toOn: companyDay.nullable().optional(),
  })
  .refine((a) => (a.personId === undefined) !== (a.teamId === undefined), {
    ...localisedMessage({ en: 'give either a person or a team', 'zh-CN': '请指定一个人或一个团队（二选一）' }), path: ['personId'],
  })
  .refine((a) => !a.toOn || a.toOn >= a.fromOn, { ...localisedMessage({ en: 'must not be before fromOn', 'zh-CN': '不能早于开始日期' }), path: ['toOn'] })
  .meta({ example: { planKey: 'east-ae', personId: '01JD0000000000000000000005', fromOn: '2026-11-01' } });

export const commissionAssignmentUpdate = z
  .strictObject({ toOn: companyDay.nullable() })
  .meta({ example: { toOn: '2026-12-31' } });

export const commissionAssignment = z.object({
  id: z.string(),
  planKey: z.string(),
  personId: z.string().nullable(),
  teamId: z.string().nullable(),
  fromOn: z.string(),
  toOn: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type CommissionAssignment = z.infer<typeof commissionAssignment>;
export const commissionAssignmentList = z.object({ items: z.array(commissionAssignment) });
export const commissionAssignmentQuery = z.strictObject({ planKey: commissionPlanKey.optional(), personId: idSchema.optional() });

// ——— quotas ———
export const commissionQuotaParams = z.strictObject({ period: commissionPeriodLabel, personId: idSchema });
export const commissionQuotaSet = z
  .strictObject({ amountMinor: minor.min(0).max(Number.MAX_SAFE_INTEGER) })
  .meta({ example: { amountMinor: 30_000_000 } });
export const commissionQuota = z.object({ personId: z.string(), personName: z.string(), period: z.string(), amountMinor: minor });
export type CommissionQuota = z.infer<typeof commissionQuota>;
export const commissionQuotaList = z.object({ items: z.array(commissionQuota) });
export const commissionQuotaQuery = z.strictObject({ period: commissionPeriodLabel.optional() });

// ——— credit splits ———
const shareText = z
  .string()
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, localisedMessage({ en: 'a share from 0 to 1, e.g. 0.6', 'zh-CN': '请填写 0 到 1 之间的比例，例如 0.6' }));
export const commissionSplit = z
  .strictObject({ personId: idSchema.optional(), teamId: idSchema.optional(), share: shareText, overlay: z.boolean().default(false) })
  .refine((s) => (s.personId === undefined) !== (s.teamId === undefined), {
    ...localisedMessage({ en: 'give either a person or a team', 'zh-CN': '请指定一个人或一个团队（二选一）' }), path: ['personId'],
  });
export const commissionSplitsParams = z.strictObject({ contractId: idSchema });
export const commissionSplitsSet = z
  .strictObject({ splits: z.array(commissionSplit).max(20) })
  .meta({ example: { splits: [{ personId: '01JD0000000000000000000005', share: '0.6' }, { personId: '01JD0000000000000000000006', share: '0.4' }] } });
export const commissionSplits = z.object({
  contractId: z.string(),
  splits: z.array(z.object({ personId: z.string().nullable(), teamId: z.string().nullable(), share: z.string(), overlay: z.boolean() }))
    .meta({ description: 'Empty: the contract owner is credited 100%' }),
});
export type CommissionSplits = z.infer<typeof commissionSplits>;

// ——— payout lines and statements ———
export const commissionStep = z.object({ code: z.string(), params: z.record(z.string(), z.string()) });

export const commissionLine = z.object({
  key: z.string().meta({ description: 'Stable across recalculations: what diffs and locks compare' }),
  period: z.string(),
  personId: z.string(),
  planKey: z.string(),
  planVersion: z.number().int(),
  componentId: z.string().meta({ description: 'The plan component (rule) that made the line' }),
  componentName: z.string().meta({ description: 'The rule as a person reads it: the component\'s name in the plan, or its id when the plan gives none' }),
  kind: z.string().meta({ description: 'commission | multiplier | cap | override | spif | bonus | clawback | draw | draw-recovery | adjustment' }),
  transactionId: z.string().nullable(),
  dealId: z.string().nullable().meta({ description: 'The contract' }),
  date: z.string().nullable(),
  amountMinor: minor,
  currency: z.string(),
  inputs: z.record(z.string(), z.string()),
  formula: z.string(),
  steps: z.array(commissionStep),
  explanation: z.string().meta({ description: 'The steps in the reader\'s language (Accept-Language)' }),
});
export type CommissionLine = z.infer<typeof commissionLine>;

const statementFields = {
  personId: z.string(),
  personName: z.string(),
  planKey: z.string().nullable(),
  planVersion: z.number().int().nullable(),
  currency: z.string(),
  totalMinor: minor.meta({ description: 'Exactly the sum of the person\'s lines in the period' }),
  lineCount: z.number().int(),
  byComponent: z.record(z.string(), minor),
  creditedMinor: minor.meta({ description: 'Revenue credited in the period' }),
  quotaMinor: minor.nullable(),
  attainment: z.string().nullable().meta({ description: 'Percent, 2 places, null without a quota' }),
};

export const commissionStatementSummary = z.object(statementFields);
export type CommissionStatementSummary = z.infer<typeof commissionStatementSummary>;
export const commissionPeriodStatus = z.enum(['open', 'locked']);

export const commissionStatementQuery = z.strictObject({ period: commissionPeriodLabel });
export const commissionStatementList = z.object({
  period: z.string(),
  periodStatus: commissionPeriodStatus,
  items: z.array(commissionStatementSummary).meta({ description: 'People in the caller\'s reach with lines in the period' }),
});
export type CommissionStatementList = z.infer<typeof commissionStatementList>;

export const commissionStatementParams = z.strictObject({ period: commissionPeriodLabel, personId: idSchema });
export const commissionStatement = z.object({
  ...statementFields,
  period: z.string(),
  periodStatus: commissionPeriodStatus,
  lines: z.array(commissionLine),
});
export type CommissionStatement = z.infer<typeof commissionStatement>;

// ——— periods ———
export const commissionPeriodParams = z.strictObject({ period: commissionPeriodLabel });
export const commissionPeriod = z.object({
  period: z.string(),
  status: commissionPeriodStatus,
  lockedAt: z.string().nullable(),
  lockedBy: z.string().nullable(),
  people: z.number().int(),
  lineCount: z.number().int(),
  totalMinor: minor,
});
export type CommissionPeriod = z.infer<typeof commissionPeriod>;
export const commissionPeriodList = z.object({ items: z.array(commissionPeriod).meta({ description: 'Newest first' }) });
export const commissionPeriodLock = z.strictObject({}).meta({ example: {} });

// ——— recalculations ———
export const commissionRecalculationCreate = z
  .strictObject({ period: commissionPeriodLabel, reason: z.string().trim().min(1).max(500) })
  .meta({ example: { period: '2026-11', reason: 'Plan east-ae v2 from 1 November' } });

export const commissionLineChange = z.object({
  key: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  componentId: z.string(),
  componentName: z.string().meta({ description: 'The rule as the plan version that made the line names it (the id where it gives no name)' }),
  kind: z.string(),
  transactionId: z.string().nullable(),
  dealId: z.string().nullable(),
  beforeMinor: minor,
  afterMinor: minor,
  deltaMinor: minor,
  before: z.string().nullable().meta({ description: 'The stored line\'s explanation' }),
  after: z.string().nullable().meta({ description: 'The recalculated line\'s explanation' }),
});
export const commissionPersonChange = z.object({
  personId: z.string(),
  personName: z.string(),
  beforeMinor: minor,
  afterMinor: minor,
  deltaMinor: minor,
  lines: z.array(commissionLineChange),
  /** changed lines left out of a very large proposal (past its first 20,000), counted; the amounts above include them */
  linesOmitted: z.number().int().optional().meta({ description: 'Changed lines not listed: a proposal lists its first 20,000 changed lines; the totals include all' }),
});

const recalculationFields = {
  id: z.string(),
  period: z.string(),
  status: z.enum(['proposed', 'accepted', 'discarded']),
  periodStatus: commissionPeriodStatus.meta({ description: 'locked: accepting writes adjustment lines into the next open period instead' }),
  reason: z.string(),
  totalDeltaMinor: minor,
  peopleChanged: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
};
export const commissionRecalculationSummary = z.object(recalculationFields);
export const commissionRecalculation = z.object({
  ...recalculationFields,
  people: z.array(commissionPersonChange).meta({ description: 'Per person and per line, people and lines without a change left out' }),
  issues: z.array(z.object({ code: z.string(), transactionId: z.string().optional(), personId: z.string().optional(), componentId: z.string().optional(), detail: z.string() })),
});
export type CommissionRecalculation = z.infer<typeof commissionRecalculation>;
export const commissionRecalculationList = z.object({ items: z.array(commissionRecalculationSummary) });
export const commissionRecalculationQuery = z.strictObject({ period: commissionPeriodLabel.optional() });
export const commissionRecalculationDecide = z.strictObject({}).meta({ example: {} });

// ——— simulator ———
const simulatedTransaction = z.strictObject({
  id: z.string().min(1).max(200),
  kind: z.enum(['payment', 'refund', 'void']).default('payment'),
  deal: z.string().max(200).optional(),
  date: companyDay,
  amount: z.union([z.string(), z.number()]).meta({ description: 'Major units, e.g. "1,200.00"' }),
  currency: z.string().optional(),
  credits: z.string().max(1000).optional().meta({ description: 'e.g. "ana=60%;ben=40%;overlay:dan=20%;team:east=50%"' }),
  refers_to: z.string().max(200).optional(),
  deal_amount: z.union([z.string(), z.number()]).optional(),
  margin: z.union([z.string(), z.number()]).optional(),
  quantity: z.union([z.string(), z.number()]).optional(),
});
export const commissionSimulateRequest = z
  .strictObject({
    plan: z.string().min(1).max(200_000).meta({ description: 'The plan as YAML or JSON text' }),
    transactions: z.union([z.string().min(1).max(2_000_000), z.array(simulatedTransaction).min(1).max(20_000)])
      .meta({ description: 'CSV text (columns id, kind, deal, date, amount, currency, credits, refers_to, deal_amount, margin, quantity, attr.<name>) or the same rows as JSON' }),
    people: z.string().max(500_000).optional().meta({ description: 'CSV: id, name, manager, team, joined_on, left_on, quota' }),
  })
  .meta({
    example: {
      plan: 'id: try\nversion: 1\nname: Try\ncurrency: CNY\nperiod: quarter\neffective: { from: 2027-01-01 }\ncomponents:\n  - { id: base, type: table, bands: [ { upTo: 2000, rate: 2% }, { rate: 3% } ] }\n',
      transactions: 'id,kind,deal,date,amount,credits\nP1,payment,D1,2027-01-10,"1,200.00",ana=100%\n',
    },
  });

export const commissionSimulation = z.object({
  plan: z.object({ id: z.string(), version: z.number().int(), name: z.string(), currency: z.string() }),
  periods: z.array(z.object({
    period: z.string(),
    lines: z.array(commissionLine.omit({ planKey: true }).extend({ planId: z.string(), amount: z.string() })),
    statements: z.array(z.object({
      personId: z.string(), period: z.string(), planId: z.string(), planVersion: z.number().int(), currency: z.string(), totalMinor: minor, total: z.string(),
      byComponent: z.record(z.string(), minor), lineCount: z.number().int(), creditedMinor: minor, quotaMinor: minor.nullable(), attainment: z.string().nullable(),
      drawBalanceMinor: minor,
    })),
    issues: z.array(z.object({ code: z.string(), transactionId: z.string().optional(), personId: z.string().optional(), componentId: z.string().optional(), detail: z.string() })),
  })),
  totals: z.record(z.string(), minor).meta({ description: 'Per person, over every period simulated' }),
});
export type CommissionSimulation = z.infer<typeof commissionSimulation>;
