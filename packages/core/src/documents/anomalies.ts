/**
 * The flash report's anomaly rules (B5). Each is a small pure function over one day's facts that names the document
 * (type, id, trace code), the amount at stake and says what is wrong in zh-CN and en; `rule` says what the rule is,
 * so a reader sees why the order is listed. Amounts are integer minor units of the company's currency.
 */
import type { LocalisedText } from '../platform/errors.js';
import { formatMoney } from './contract-checks.js';
import type { FlashDayFacts, FlashReceipt, PaymentEvent, ReceiptPeer, ScopeFacts } from './flash.js';

export const anomalyCodes = ['price_under_floor', 'unpaid_past_terms', 'shipment_without_payment', 'receipt_mismatch', 'duplicate_reference'] as const;
export type AnomalyCode = (typeof anomalyCodes)[number];

export interface Anomaly {
  code: AnomalyCode;
  documentType: 'contract' | 'receipt' | 'shipment';
  documentId: string;
  traceCode: string;
  /** The amount at stake: the shortfall, the difference, the duplicate's amount. */
  amountMinor: number;
  rule: LocalisedText;
  message: LocalisedText;
}

export const anomalyRules: Record<AnomalyCode, LocalisedText> = {
  price_under_floor: { en: 'A contract line signed below its floor price (an approved override).', 'zh-CN': '合同行以低于底价的价格签署（经审批越权）。' },
  unpaid_past_terms: { en: 'A signed contract that fell due the day before and is not paid in full.', 'zh-CN': '已签合同于前一天到期，仍未全额回款。' },
  shipment_without_payment: { en: 'Goods shipped on a contract whose terms forbid shipping before payment, while it was not paid in full.', 'zh-CN': '合同约定先款后货，但在未全额回款时已发货。' },
  receipt_mismatch: { en: 'A confirmed receipt whose allocations do not add up to its amount, or that pays another customer\'s contract.', 'zh-CN': '已确认回款的分配金额与回款金额不符，或分配到了其他客户的合同。' },
  duplicate_reference: { en: 'Two receipts with the same bank reference, or the same customer, amount and day received.', 'zh-CN': '两笔回款的银行流水号相同，或客户、金额、到账日期均相同。' },
};

export interface AnomalyOptions {
  visible: (facts: ScopeFacts) => boolean;
  receiptMismatchToleranceMinor: number;
}

type Rule = (facts: FlashDayFacts, options: AnomalyOptions) => Anomaly[];

const moneyEn = (minor: number, currency: string) => formatMoney(minor, currency, 'en');
const moneyZh = (minor: number, currency: string) => formatMoney(minor, currency, 'zh-CN');
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

function anomaly(code: AnomalyCode, doc: Pick<Anomaly, 'documentType' | 'documentId' | 'traceCode' | 'amountMinor'>, message: LocalisedText): Anomaly {
  return { code, ...doc, rule: anomalyRules[code], message };
}

/** Paid on a contract at the end of `day` (by company days) or at an instant (by timestamps). */
export function paidAsOf(payments: readonly PaymentEvent[], contractId: string, at: { day: string } | { instant: string }): number {
  return sum(
    payments
      .filter((p) => p.contractId === contractId)
      .filter((p) => ('day' in at
        ? p.confirmedOn <= at.day && (p.reversedOn === null || p.reversedOn > at.day)
        : p.confirmedAt <= at.instant && (p.reversedAt === null || p.reversedAt > at.instant)))
      .map((p) => p.amountMinor),
  );
}

/**
 * The payments grouped by contract, once per rule: filtering all of a day's payments once per contract was quadratic
 * (23,000 contracts × 22,000 payments took 47 s on the benchmark company).
 */
function paymentsByContract(payments: readonly PaymentEvent[]): (contractId: string) => readonly PaymentEvent[] {
  const byContract = new Map<string, PaymentEvent[]>();
  for (const p of payments) {
    const list = byContract.get(p.contractId);
    if (list) list.push(p);
    else byContract.set(p.contractId, [p]);
  }
  return (contractId) => byContract.get(contractId) ?? [];
}

/** The calendar day before `day` (YYYY-MM-DD). */
function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - dayMs).toISOString().slice(0, 10);
}

export const priceUnderFloor: Rule = (facts, { visible }) =>
  facts.signed.filter(visible).flatMap((c) =>
    c.lines
      .filter((l) => l.floorPriceMinor !== null && l.unitPriceMinor < l.floorPriceMinor)
      .map((l) => {
        const floor = l.floorPriceMinor!;
        const below = (floor - l.unitPriceMinor) * l.quantity;
        return anomaly('price_under_floor', { documentType: 'contract', documentId: c.id, traceCode: c.traceCode, amountMinor: below }, {
          en: `${c.traceCode} line ${l.lineNo} (${l.productName}): unit price ${moneyEn(l.unitPriceMinor, facts.currency)} below the floor ${moneyEn(floor, facts.currency)}, ${moneyEn(below, facts.currency)} under in all.`,
          'zh-CN': `${c.traceCode} 第 ${l.lineNo} 行（${l.productName}）：单价 ${moneyZh(l.unitPriceMinor, facts.currency)} 低于底价 ${moneyZh(floor, facts.currency)}，合计低 ${moneyZh(below, facts.currency)}。`,
        });
      }),
  );

/**
 * Lists the contracts that became overdue that day (due the day before, still not paid in full at the day's end), so
 * the list says what is new each morning; the report's summary counts and sums all contracts overdue that day
 * (`FlashDayFacts.overdue`). Listing every overdue contract every day made a report of 20,000+ rows nobody reads.
 */
export const unpaidPastTerms: Rule = (facts, { visible }) => {
  const paymentsOf = paymentsByContract(facts.payments);
  const due = dayBefore(facts.day);
  return facts.pastTerms
    .filter(visible)
    .filter((c) => c.signedOn !== null && c.signedOn <= facts.day && c.dueOn === due)
    .flatMap((c) => {
      const paid = paidAsOf(paymentsOf(c.id), c.id, { day: facts.day });
      if (paid >= c.totalMinor) return [];
      const open = c.totalMinor - paid;
      const late = daysBetween(c.dueOn!, facts.day);
      return [anomaly('unpaid_past_terms', { documentType: 'contract', documentId: c.id, traceCode: c.traceCode, amountMinor: open }, {
        en: `${c.traceCode} (${c.customerName}) was due on ${c.dueOn}, ${late} day${late === 1 ? '' : 's'} ago: ${moneyEn(open, facts.currency)} of ${moneyEn(c.totalMinor, facts.currency)} still unpaid.`,
        'zh-CN': `${c.traceCode}（${c.customerName}）应于 ${c.dueOn} 付款，已逾期 ${late} 天：${moneyZh(c.totalMinor, facts.currency)} 中仍有 ${moneyZh(open, facts.currency)} 未回款。`,
      })];
    });
};

export const shipmentWithoutPayment: Rule = (facts, { visible }) => {
  const paymentsOf = paymentsByContract(facts.payments);
  return facts.shipped
    .filter(visible)
    .filter((s) => !s.contract.shipmentBeforePayment)
    .flatMap((s) => {
      const paid = paidAsOf(paymentsOf(s.contract.id), s.contract.id, { instant: s.shippedAt });
      if (paid >= s.contract.totalMinor) return [];
      const open = s.contract.totalMinor - paid;
      return [anomaly('shipment_without_payment', { documentType: 'shipment', documentId: s.id, traceCode: s.traceCode, amountMinor: open }, {
        en: `${s.traceCode} shipped on ${s.contract.traceCode}, whose terms require payment first, with ${moneyEn(open, facts.currency)} of ${moneyEn(s.contract.totalMinor, facts.currency)} unpaid.`,
        'zh-CN': `${s.traceCode} 已发货，但合同 ${s.contract.traceCode} 约定先款后货，当时 ${moneyZh(s.contract.totalMinor, facts.currency)} 中仍有 ${moneyZh(open, facts.currency)} 未回款。`,
      })];
    });
};

/** A receipt is the reader's when they may see it or a contract it pays. */
const receiptVisible = (visible: AnomalyOptions['visible']) => (r: FlashReceipt) => visible(r) || r.allocations.some(visible);

export const receiptMismatch: Rule = (facts, { visible, receiptMismatchToleranceMinor }) =>
  facts.confirmed.filter(receiptVisible(visible)).flatMap((r) => {
    const found: Anomaly[] = [];
    const allocated = sum(r.allocations.map((a) => a.amountMinor));
    const difference = r.amountMinor - allocated;
    if (Math.abs(difference) > receiptMismatchToleranceMinor) {
      found.push(anomaly('receipt_mismatch', { documentType: 'receipt', documentId: r.id, traceCode: r.traceCode, amountMinor: Math.abs(difference) }, {
        en: `${r.traceCode} received ${moneyEn(r.amountMinor, facts.currency)} but allocates ${moneyEn(allocated, facts.currency)} to contracts (difference ${moneyEn(Math.abs(difference), facts.currency)}).`,
        'zh-CN': `${r.traceCode} 到账 ${moneyZh(r.amountMinor, facts.currency)}，但分配到合同 ${moneyZh(allocated, facts.currency)}（相差 ${moneyZh(Math.abs(difference), facts.currency)}）。`,
      }));
    }
    const foreign = r.allocations.filter((a) => a.contractCustomerId !== r.customerId);
    if (foreign.length > 0) {
      const codes = foreign.map((a) => a.contractTraceCode).join(', ');
      found.push(anomaly('receipt_mismatch', { documentType: 'receipt', documentId: r.id, traceCode: r.traceCode, amountMinor: sum(foreign.map((a) => a.amountMinor)) }, {
        en: `${r.traceCode} from ${r.customerName} pays contracts of another customer: ${codes}.`,
        'zh-CN': `${r.traceCode}（付款客户：${r.customerName}）分配到了其他客户的合同：${codes}。`,
      }));
    }
    return found;
  });

export const duplicateReference: Rule = (facts, { visible }) => {
  const found: Anomaly[] = [];
  const reported = new Set<string>();
  const all = [...facts.receiptPeers, ...facts.confirmed];
  // Indexed once by bank reference and by payment (customer, amount, day received): comparing every confirmed receipt
  // with every peer took ~0.2 s on a busy day (1,500 receipts × 4,400 peers).
  const index = <K>(key: (p: ReceiptPeer) => K | null) => {
    const map = new Map<K, ReceiptPeer[]>();
    for (const p of all) {
      const k = key(p);
      if (k === null) continue;
      const list = map.get(k);
      if (list) list.push(p);
      else map.set(k, [p]);
    }
    return map;
  };
  const paymentKey = (p: ReceiptPeer) => `${p.customerId}|${p.amountMinor}|${p.receivedOn}`;
  const byReference = index((p) => p.bankReference);
  const byPayment = index(paymentKey);
  for (const r of facts.confirmed.filter(receiptVisible(visible))) {
    const sameReference = r.bankReference === null ? [] : (byReference.get(r.bankReference) ?? []).filter((p) => p.id !== r.id);
    const samePayment = (byPayment.get(paymentKey(r)) ?? []).filter((p) => p.id !== r.id);
    for (const [kind, peers] of [['reference', sameReference], ['payment', samePayment]] as const) {
      const unique = [...new Map(peers.map((p) => [p.id, p])).values()];
      if (unique.length === 0) continue;
      const group = `${kind}:${[r.id, ...unique.map((p) => p.id)].sort().join(',')}`;
      if (reported.has(group)) continue;
      reported.add(group);
      const codes = unique.map((p) => p.traceCode).sort().join(', ');
      found.push(anomaly('duplicate_reference', { documentType: 'receipt', documentId: r.id, traceCode: r.traceCode, amountMinor: r.amountMinor }, kind === 'reference'
        ? {
            en: `${r.traceCode} has the bank reference ${r.bankReference} that ${codes} already carries.`,
            'zh-CN': `${r.traceCode} 的银行流水号 ${r.bankReference} 与 ${codes} 重复。`,
          }
        : {
            en: `${r.traceCode} (${r.customerName}, ${moneyEn(r.amountMinor, facts.currency)}, received ${r.receivedOn}) matches ${codes}: the same payment registered twice?`,
            'zh-CN': `${r.traceCode}（${r.customerName}，${moneyZh(r.amountMinor, facts.currency)}，到账 ${r.receivedOn}）与 ${codes} 相同：是否重复登记？`,
          }));
    }
  }
  return found;
};

const rules: Rule[] = [priceUnderFloor, unpaidPastTerms, shipmentWithoutPayment, receiptMismatch, duplicateReference];

/** Every rule's anomalies, in rule order, then by trace code. */
export function detectAnomalies(facts: FlashDayFacts, options: AnomalyOptions): Anomaly[] {
  return rules.flatMap((rule) => rule(facts, options).sort((a, b) => a.traceCode.localeCompare(b.traceCode)));
}
