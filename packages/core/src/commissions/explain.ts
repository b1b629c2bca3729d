/**
 * Every payout line explains itself (C3) as structured steps: a code and its parameters, already formatted as
 * numbers a person reads ("3,000.00", "3%"). Text is made only when shown, by one template per code and
 * language, so a statement can be read in Chinese by the rep and in English by an auditor from the same lines.
 */
import type { Locale } from '../platform/errors.js';

export type ExplanationCode =
  | 'credit' | 'band.slice' | 'band.flat' | 'band.retro' | 'curve' | 'gate.notMet' | 'multiplier' | 'cap'
  | 'override' | 'spif.perDeal' | 'spif.target' | 'formula' | 'clawback' | 'clawback.prorata' | 'clawback.outside'
  | 'clawback.capKept' | 'draw.topUp' | 'draw.recovery' | 'adjustment' | 'rounded';

export interface Explanation {
  code: ExplanationCode;
  params: Record<string, string>;
}

const templates: Record<Locale, Record<ExplanationCode, string>> = {
  en: {
    credit: '{role} credit {share} of {kind} {payment} = {credited}',
    'band.slice': 'slice {from}–{to} × {rate} on {base} of this deal = {result}',
    'band.flat': 'whole {base} × {rate} (band {from}–{to}, reached at {reached}) = {result}',
    'band.retro': 'period total {total} reached band {from}–{to}: {rate} on this deal\'s {base} = {result} (re-rates the period\'s earlier deals)',
    curve: 'curve from {from} to {to}: pays {payFrom} → {payTo}, this deal {result}',
    'gate.notMet': 'gate not met: attainment {attainment} is below {gate}, so nothing is paid this period',
    multiplier: '{what} ×{multiplier} on the part of this deal at {from}–{to} attainment: {base} × ({multiplier} − 1) = {result}',
    cap: 'cap {cap} per period: earned {earned}, above the cap {result}',
    override: 'override level {level} on {rep}\'s credit {base} × {rate} = {result}',
    'spif.perDeal': 'SPIF {window}: deal {deal} qualifies, {bonus} × share {share} = {result}',
    'spif.target': 'SPIF {window}: total {total} reached {atLeast}, bonus {result}',
    formula: '{formula} with {inputs} = {result}',
    clawback: '{reason} {payment}: takes back {fraction} of the {paid} it paid = {result}',
    'clawback.prorata': 'pro-rata over {window} days: {elapsed} days after payment, {kept} of the clawback applies',
    'clawback.outside': '{elapsed} days after payment, outside the {window}-day clawback window: nothing taken back',
    'clawback.capKept': 'the payment\'s period was capped; only the {kept} paid is taken back',
    'draw.topUp': 'draw {draw}: earned {earned}, topped up by {result}',
    'draw.recovery': 'recoverable draw: {balance} owed, earned {earned} above the draw {draw}, recovered {result}',
    adjustment: 'correction to locked period {locked}: was {before}, now {after}, difference {result}',
    rounded: 'rounded {mode} to {result}',
  },
  'zh-CN': {
    credit: '{role}分配：{kind} {payment} 的 {share} = {credited}',
    'band.slice': '区间 {from}–{to} × {rate}，本单落在该区间 {base} = {result}',
    'band.flat': '整单 {base} × {rate}（达到 {reached}，落在档位 {from}–{to}）= {result}',
    'band.retro': '本期累计 {total} 达到档位 {from}–{to}：本单 {base} × {rate} = {result}（本期此前各单按新档位重算）',
    curve: '曲线从 {from} 到 {to}：应发 {payFrom} → {payTo}，本单 {result}',
    'gate.notMet': '未达门槛：达成率 {attainment} 低于 {gate}，本期不发放',
    multiplier: '{what} ×{multiplier}，本单落在达成率 {from}–{to} 的部分：{base} × ({multiplier} − 1) = {result}',
    cap: '每期封顶 {cap}：应得 {earned}，超出封顶 {result}',
    override: '第 {level} 级管理提成：{rep} 的业绩 {base} × {rate} = {result}',
    'spif.perDeal': '冲刺奖 {window}：订单 {deal} 符合条件，{bonus} × 分配比例 {share} = {result}',
    'spif.target': '冲刺奖 {window}：累计 {total} 达到 {atLeast}，奖金 {result}',
    formula: '{formula}，其中 {inputs} = {result}',
    clawback: '{reason} {payment}：追回原发放 {paid} 的 {fraction} = {result}',
    'clawback.prorata': '按 {window} 天追回期按比例：回款后第 {elapsed} 天，追回 {kept}',
    'clawback.outside': '回款后第 {elapsed} 天，已超过 {window} 天追回期：不追回',
    'clawback.capKept': '原期间已封顶，只追回实际发放的 {kept}',
    'draw.topUp': '保底 {draw}：应得 {earned}，补足 {result}',
    'draw.recovery': '可收回保底：尚欠 {balance}，应得 {earned} 超出保底 {draw}，收回 {result}',
    adjustment: '锁定期间 {locked} 的更正：原 {before}，现 {after}，差额 {result}',
    rounded: '按{mode}舍入为 {result}',
  },
};

/** Words inside parameters that are themselves translated (roles, reasons, rounding modes). */
const words: Record<Locale, Record<string, string>> = {
  en: {
    revenue: 'revenue', overlay: 'overlay', team: 'team', payment: 'payment', refund: 'refund', void: 'void',
    accelerator: 'accelerator', decelerator: 'decelerator',
    'half-up': 'half-up', 'half-even': 'half-even', 'half-down': 'half-down', down: 'down', up: 'up',
  },
  'zh-CN': {
    revenue: '业绩', overlay: '叠加业绩', team: '团队业绩', payment: '回款', refund: '退款', void: '作废',
    accelerator: '加速', decelerator: '减速',
    'half-up': '四舍五入', 'half-even': '银行家舍入', 'half-down': '五舍六入', down: '向零截断', up: '远离零进位',
  },
};

const translated = new Set(['role', 'kind', 'reason', 'what', 'mode']);

export function renderExplanation(explanation: Explanation, locale: Locale): string {
  return templates[locale][explanation.code].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = explanation.params[name] ?? '';
    return translated.has(name) ? (words[locale][value] ?? value) : value;
  });
}

/** A whole line's arithmetic as one text: its steps joined, in order. */
export function renderSteps(steps: readonly Explanation[], locale: Locale): string {
  return steps.map((step) => renderExplanation(step, locale)).join(locale === 'en' ? '; ' : '；');
}

export function explanationCodes(): ExplanationCode[] {
  return Object.keys(templates.en) as ExplanationCode[];
}

export function hasTemplate(locale: Locale, code: ExplanationCode): boolean {
  return typeof templates[locale][code] === 'string';
}
