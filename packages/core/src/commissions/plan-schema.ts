/**
 * A commission plan is data: a versioned, effective-dated document (YAML or JSON) checked by this schema, so a
 * comp team can read, diff and review it like a contract. Amounts in a plan are in major units of the plan's
 * currency ("20000" is 20,000.00 CNY); rates are written "3%" or "0.03". Every construct is documented with a
 * worked example in docs/commission-plans.md.
 */
import { z } from 'zod';
import { Dec } from './decimal.js';
import { compileFormula, FormulaError } from './formula.js';
import { addLocalisedIssue, localisedMessage, ownLocalisedText } from '../platform/localised-issue.js';
import type { LocalisedText } from '../platform/errors.js';

const decimalPattern = /^-?\d+(\.\d+)?$/;

/** A plain decimal, from YAML/JSON as a number or a string ("20,000.50" is allowed for readability). */
const decimalText = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.replace(/[,_\s]/g, '');
  if (!decimalPattern.test(text)) {
    addLocalisedIssue(ctx, { en: `"${value}" is not a decimal number`, 'zh-CN': `“${value}”不是十进制数` });
    return z.NEVER;
  }
  return text;
});

/** A rate: "3%" → "0.03"; "0.03" and 0.03 stay. A bare number above 1 is taken as written (e.g. 50 per unit). */
const rateText = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.replace(/[\s_]/g, '');
  const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(text);
  if (percent) return shiftPercent(percent[1]!);
  if (!decimalPattern.test(text)) {
    addLocalisedIssue(ctx, { en: `"${value}" is not a rate; write it as 3% or 0.03`, 'zh-CN': `“${value}”不是比率，请写成 3% 或 0.03` });
    return z.NEVER;
  }
  return text;
});

/** "3.5" → "0.035" by moving the decimal point, never through a float. */
function shiftPercent(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const digits = (whole.padStart(3, '0') + fraction).replace(/^0+(?=\d)/, '');
  const padded = digits.padStart(fraction.length + 3, '0');
  const point = padded.length - fraction.length - 2;
  const result = `${padded.slice(0, point)}.${padded.slice(point)}`.replace(/\.?0+$/, '').replace(/^\./, '0.');
  return `${negative ? '-' : ''}${result === '' ? '0' : result}`;
}

const isoDate = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
    addLocalisedIssue(ctx, { en: `"${text}" is not a date (YYYY-MM-DD)`, 'zh-CN': `“${text}”不是日期（YYYY-MM-DD）` });
    return z.NEVER;
  }
  return text;
});

const id = z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, localisedMessage({ en: 'use letters, digits, "-", "_" or "." (at most 64)', 'zh-CN': '请使用字母、数字、“-”“_”或“.”（最多 64 个）' }));

/** Names a formula or condition may read, besides attr.<field>. */
export const formulaNames = [
  'amount', 'margin', 'quantity', 'share', 'dealAmount', 'attainment', 'periodAmount', 'quota',
] as const;

const formulaText = z.string().min(1).superRefine((text, ctx) => {
  try {
    compileFormula(text, formulaNames);
  } catch (error) {
    if (!(error instanceof FormulaError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
});

export const measureSchema = z.enum(['amount', 'margin', 'quantity', 'attainment']);
export type Measure = z.infer<typeof measureSchema>;

const bandSchema = z.object({
  /** the band runs from the previous band's upTo (or 0) to this one; the last band has none (no upper end) */
  upTo: decimalText.optional(),
  rate: rateText,
});

const pointSchema = z.object({ at: decimalText, pay: decimalText });

const multiplierSchema = z.object({
  method: z.enum(['marginal', 'retroactive']).default('marginal'),
  /** attainment % from which a multiplier holds: below 1 a decelerator, above 1 an accelerator */
  bands: z.array(z.object({ from: decimalText, multiplier: decimalText })).min(1),
});

const common = {
  id,
  name: z.string().optional(),
  /** only transactions for which this condition holds count for the component */
  when: formulaText.optional(),
};

export const tableComponentSchema = z
  .object({
    ...common,
    type: z.literal('table'),
    measure: measureSchema.default('amount'),
    /** period: the rep's running total in the period; deal: each transaction on its own */
    basis: z.enum(['period', 'deal']).default('period'),
    method: z.enum(['marginal', 'flat', 'retroactive', 'interpolated']).default('marginal'),
    bands: z.array(bandSchema).optional(),
    points: z.array(pointSchema).optional(),
    /** nothing is paid in a period whose attainment stays below this % */
    gate: z.object({ attainmentAtLeast: decimalText }).optional(),
    /** the component pays at most this much in a period */
    cap: z.object({ perPeriod: decimalText }).optional(),
    multipliers: multiplierSchema.optional(),
  })
  .superRefine((component, ctx) => {
    if (component.method === 'interpolated') {
      if (!component.points || component.points.length < 2) addLocalisedIssue(ctx, { en: 'an interpolated table needs at least two points', 'zh-CN': '插值表至少需要两个点' }, ['points']);
      else if (!ascending(component.points.map((p) => p.at))) addLocalisedIssue(ctx, { en: 'points must rise: each "at" above the one before', 'zh-CN': '各点须递增：每个“at”都要大于前一个' }, ['points']);
    } else {
      const bands = component.bands ?? [];
      if (bands.length === 0) addLocalisedIssue(ctx, { en: 'a rate table needs at least one band', 'zh-CN': '费率表至少需要一个档位' }, ['bands']);
      bands.forEach((band, i) => {
        const last = i === bands.length - 1;
        if (last && band.upTo !== undefined) addLocalisedIssue(ctx, { en: 'the last band has no upTo: it runs on without end', 'zh-CN': '最后一档不设 upTo：它没有上限' }, ['bands', i, 'upTo']);
        if (!last && band.upTo === undefined) addLocalisedIssue(ctx, { en: 'every band but the last needs upTo', 'zh-CN': '除最后一档外，每档都需要 upTo' }, ['bands', i, 'upTo']);
      });
      const bounds = bands.flatMap((b) => (b.upTo === undefined ? [] : [b.upTo]));
      if (!ascending(['0', ...bounds])) addLocalisedIssue(ctx, { en: 'bands must rise: each upTo above the one before, and above 0', 'zh-CN': '档位须递增：每个 upTo 都要大于前一个且大于 0' }, ['bands']);
    }
    if (component.method === 'retroactive' && component.basis === 'deal') {
      addLocalisedIssue(ctx, { en: 'retroactive tiers re-rate the period, so their basis is period', 'zh-CN': '追溯档位会重算整个周期，basis 须为 period' }, ['basis']);
    }
    if (component.multipliers && !ascending(component.multipliers.bands.map((b) => b.from))) {
      addLocalisedIssue(ctx, { en: 'multiplier bands must rise', 'zh-CN': '乘数档位须递增' }, ['multipliers', 'bands']);
    }
  });

export const overrideComponentSchema = z.object({
  ...common,
  type: z.literal('override'),
  /** level 1 is the rep's direct manager, level 2 their manager, and so on */
  levels: z.array(z.object({ rate: rateText })).min(1).max(10),
});

export const spifComponentSchema = z
  .object({
    ...common,
    type: z.literal('spif'),
    window: z.object({ from: isoDate, to: isoDate }),
    /** paid once per deal, on its first qualifying payment in the window */
    perDeal: decimalText.optional(),
    /** paid once, in the period holding the window's last day, when the window's total reaches atLeast */
    target: z.object({ measure: z.enum(['amount', 'margin', 'quantity']).default('amount'), atLeast: decimalText, bonus: decimalText }).optional(),
  })
  .refine((spif) => spif.perDeal !== undefined || spif.target !== undefined, localisedMessage({ en: 'a SPIF pays perDeal, a target bonus, or both', 'zh-CN': '冲刺奖励须设 perDeal、目标奖金或两者' }))
  .refine((spif) => spif.window.from <= spif.window.to, { ...localisedMessage({ en: 'the window ends before it starts', 'zh-CN': '时间窗的结束早于开始' }), path: ['window'] });

export const formulaComponentSchema = z.object({
  ...common,
  type: z.literal('formula'),
  /** the payout of one credited transaction, in major units */
  formula: formulaText,
});

export const componentSchema = z.discriminatedUnion('type', [
  tableComponentSchema, overrideComponentSchema, spifComponentSchema, formulaComponentSchema,
]);

export const planSchema = z
  .object({
    id,
    version: z.number().int().positive(),
    name: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/, localisedMessage({ en: 'an ISO 4217 code such as CNY', 'zh-CN': 'ISO 4217 币种代码，如 CNY' })),
    period: z.enum(['month', 'quarter']),
    effective: z.object({ from: isoDate, to: isoDate.optional() }),
    /** applied once per payout line, to the currency's minor unit unless digits says fewer */
    rounding: z
      .object({ mode: z.enum(['half-up', 'half-even', 'half-down', 'down', 'up']).default('half-up'), digits: z.number().int().min(0).max(4).optional() })
      .default({ mode: 'half-up' }),
    /** commission accrues as money is collected: each payment pays its share */
    payOn: z.literal('payment').default('payment'),
    clawback: z
      .object({
        /** full: a refund inside the window takes back all it reverses; prorata: less the later it comes */
        mode: z.enum(['full', 'prorata']).default('full'),
        window: z.object({ days: z.number().int().positive() }).optional(),
        /** reduce: a refund lowers the period's running total and attainment; keep: it does not */
        attainment: z.enum(['reduce', 'keep']).default('reduce'),
      })
      .default({ mode: 'full', attainment: 'reduce' }),
    draw: z.object({ amount: decimalText, recoverable: z.boolean() }).optional(),
    components: z.array(componentSchema).min(1),
  })
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    plan.components.forEach((component, i) => {
      if (seen.has(component.id)) addLocalisedIssue(ctx, { en: `"${component.id}" is used twice`, 'zh-CN': `“${component.id}”重复使用` }, ['components', i, 'id']);
      seen.add(component.id);
    });
    if (plan.effective.to && plan.effective.to < plan.effective.from) addLocalisedIssue(ctx, { en: 'the plan ends before it starts', 'zh-CN': '方案的结束早于开始' }, ['effective']);
    if (plan.clawback.mode === 'prorata' && !plan.clawback.window) addLocalisedIssue(ctx, { en: 'a pro-rata clawback needs a window', 'zh-CN': '按比例回扣需要设置时间窗' }, ['clawback', 'window']);
  });

export type Plan = z.infer<typeof planSchema>;
export type PlanComponent = z.infer<typeof componentSchema>;
export type TableComponent = z.infer<typeof tableComponentSchema>;
export type OverrideComponent = z.infer<typeof overrideComponentSchema>;
export type SpifComponent = z.infer<typeof spifComponentSchema>;
export type FormulaComponent = z.infer<typeof formulaComponentSchema>;
export type PlanInput = z.input<typeof planSchema>;

export interface PlanProblem {
  /** where in the document, e.g. "components.0.bands.1.upTo" */
  path: string;
  /** in English; `text` has it in every language where the check wrote its own */
  message: string;
  text?: LocalisedText;
}

/** Checks a parsed YAML/JSON document; returns the plan or every problem with its place in the document. */
export function parsePlan(document: unknown): { ok: true; plan: Plan } | { ok: false; problems: PlanProblem[] } {
  const parsed = planSchema.safeParse(document);
  if (parsed.success) return { ok: true, plan: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const text = ownLocalisedText(issue);
      return { path: issue.path.join('.'), message: issue.message, ...(text ? { text } : {}) };
    }),
  };
}

function ascending(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i += 1) if (!new Dec(values[i]!).gt(values[i - 1]!)) return false;
  return true;
}
