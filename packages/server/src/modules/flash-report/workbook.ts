/**
 * A day's flash report as a spreadsheet, in the reader's language: the summary, the top reps, the anomalies with
 * their rules, the contracts signed and the receipts confirmed or reversed that day — the same figures the page shows.
 * Amounts are written from the integer minor units as exact decimals (formatAmount), in the company currency.
 */
import ExcelJS from 'exceljs';
import { formatAmount, minorUnitDigits, type FlashReportView, type Locale } from '@closeloop/core';

const labels = {
  en: {
    summary: 'Summary', reps: 'Top reps', anomalies: 'Anomalies', signed: 'Signed contracts', receipts: 'Receipts',
    day: 'Day', timeZone: 'Time zone', currency: 'Currency', generated: 'Computed at', scope: 'Counted over',
    scopes: { company: 'the whole company', teams: 'your teams', region: 'your regions and industries', own: 'your own documents' },
    figure: 'Figure', amount: 'Amount', count: 'Count',
    rows: { signed: 'Signed', voided: 'Signed contracts voided', netSigned: 'Net signed', collected: 'Collected', refunded: 'Refunded or voided receipts', netCollected: 'Net collected', overdue: 'Overdue at the day\'s end (unpaid past terms)' },
    rank: 'Rank', rep: 'Rep', signedAmount: 'Signed', signedCount: 'Contracts', collectedAmount: 'Collected',
    code: 'Rule code', type: 'Document', trace: 'Trace code', rule: 'Rule', message: 'What happened',
    types: { contract: 'Contract', receipt: 'Receipt', shipment: 'Shipping note' },
    customer: 'Customer', title: 'Title', owner: 'Owner', total: 'Total', status: 'Status',
    kind: 'Movement', kinds: { confirmed: 'Confirmed', reversed: 'Refunded or voided' }, received: 'Received on', allocated: 'Allocated', bankReference: 'Bank reference',
  },
  'zh-CN': {
    summary: '汇总', reps: '销售前三', anomalies: '异常单据', signed: '签约合同', receipts: '回款单',
    day: '日期', timeZone: '时区', currency: '币种', generated: '计算时间', scope: '统计范围',
    scopes: { company: '全公司', teams: '你负责的团队', region: '你的区域和行业', own: '你本人的单据' },
    figure: '指标', amount: '金额', count: '数量',
    rows: { signed: '签约', voided: '已签合同作废', netSigned: '净签约', collected: '回款', refunded: '退款/作废回款', netCollected: '净回款', overdue: '当日末逾期未回款' },
    rank: '排名', rep: '销售', signedAmount: '签约额', signedCount: '合同数', collectedAmount: '回款额',
    code: '规则代码', type: '单据', trace: '追溯码', rule: '规则', message: '情况',
    types: { contract: '合同', receipt: '回款单', shipment: '发货单' },
    customer: '客户', title: '标题', owner: '负责人', total: '总额', status: '状态',
    kind: '变动', kinds: { confirmed: '确认到账', reversed: '退款/作废' }, received: '到账日期', allocated: '已分配', bankReference: '银行流水号',
  },
} as const;

export async function flashWorkbook(report: FlashReportView, locale: Locale, formatTime: (iso: string) => string): Promise<Buffer> {
  const l = labels[locale];
  const digits = minorUnitDigits(report.currency);
  const moneyFormat = digits === 0 ? '#,##0' : `#,##0.${'0'.repeat(digits)}`;
  // Exact decimal text first, then the number Excel would store for it: no float arithmetic on the amounts.
  const money = (minor: number) => Number(formatAmount(minor, report.currency));
  const workbook = new ExcelJS.Workbook();
  const sheet = (name: string, widths: number[], header: string[], moneyColumns: number[]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = widths.map((width) => ({ width }));
    ws.addRow(header).font = { bold: true };
    for (const c of moneyColumns) ws.getColumn(c).numFmt = moneyFormat;
    return ws;
  };

  const summary = sheet(l.summary, [28, 18, 10], [l.figure, `${l.amount} (${report.currency})`, l.count], [2]);
  summary.addRows([
    [l.rows.signed, money(report.signed.minor), report.signed.count],
    [l.rows.voided, money(report.voided.minor), report.voided.count],
    [l.rows.netSigned, money(report.netSigned.minor), report.netSigned.count],
    [l.rows.collected, money(report.collected.minor), report.collected.count],
    [l.rows.refunded, money(report.refunded.minor), report.refunded.count],
    [l.rows.netCollected, money(report.netCollected.minor), null],
    [l.rows.overdue, money(report.overdue.minor), report.overdue.count],
    [],
    [l.day, report.day], [l.timeZone, report.timeZone], [l.currency, report.currency], [l.scope, l.scopes[report.scope]], [l.generated, formatTime(report.generatedAt)],
  ]);
  for (const row of [8, 9, 10, 11, 12]) summary.getRow(row).getCell(2).numFmt = '@';

  const reps = sheet(l.reps, [8, 18, 18, 10, 18], [l.rank, l.rep, l.signedAmount, l.signedCount, l.collectedAmount], [3, 5]);
  report.topReps.forEach((r, i) => reps.addRow([i + 1, r.repName, money(r.signedMinor), r.signedCount, money(r.collectedMinor)]));

  const anomalies = sheet(l.anomalies, [24, 12, 20, 18, 60, 80], [l.code, l.type, l.trace, l.amount, l.rule, l.message], [4]);
  for (const a of report.anomalies) anomalies.addRow([a.code, l.types[a.documentType], a.traceCode, money(a.amountMinor), a.rule[locale], a.message[locale]]);

  const signed = sheet(l.signed, [20, 24, 24, 14, 18, 14], [l.trace, l.customer, l.title, l.owner, l.total, l.status], [5]);
  for (const c of report.signedContracts) signed.addRow([c.traceCode, c.customerName, c.title, c.ownerName, money(c.totalMinor), c.status]);

  const receipts = sheet(l.receipts, [20, 24, 16, 14, 18, 18, 22, 12], [l.trace, l.customer, l.kind, l.received, l.amount, l.allocated, l.bankReference, l.status], [5, 6]);
  for (const r of report.receipts) {
    receipts.addRow([r.traceCode, r.customerName, l.kinds[r.kind], r.receivedOn, money(r.amountMinor), money(r.allocatedMinor), r.bankReference ?? '', r.status]);
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
