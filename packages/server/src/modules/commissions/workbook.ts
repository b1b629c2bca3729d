/**
 * Commission statements as a spreadsheet (C3), in the reader's language: one summary row per person (total = the sum
 * of their lines, to the fen), then every line with its plan and version, rule, inputs, formula and the arithmetic.
 */
import ExcelJS from 'exceljs';
import { formatAmount, type CommissionStatement, type Locale } from '@closeloop/core';

const labels = {
  en: {
    summary: 'Statements', lines: 'Lines', person: 'Person', plan: 'Plan', version: 'Version', total: 'Total', lineCount: 'Lines', credited: 'Credited',
    quota: 'Quota', attainment: 'Attainment %', currency: 'Currency', period: 'Period', status: 'Period status', date: 'Date', rule: 'Rule', kind: 'Kind',
    deal: 'Contract', transaction: 'Payment', amount: 'Amount', inputs: 'Inputs', formula: 'Formula', explanation: 'Arithmetic',
    statuses: { open: 'open', locked: 'locked' },
  },
  'zh-CN': {
    summary: '提成汇总', lines: '提成明细', person: '人员', plan: '方案', version: '版本', total: '合计', lineCount: '明细数', credited: '业绩',
    quota: '指标', attainment: '达成率 %', currency: '币种', period: '期间', status: '期间状态', date: '日期', rule: '规则', kind: '类型',
    deal: '合同', transaction: '回款', amount: '金额', inputs: '输入', formula: '公式', explanation: '计算过程',
    statuses: { open: '未锁定', locked: '已锁定' },
  },
} as const;

export async function statementsWorkbook(statements: readonly CommissionStatement[], locale: Locale): Promise<Buffer> {
  const l = labels[locale];
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet(l.summary, { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = [{ width: 10 }, { width: 10 }, { width: 16 }, { width: 14 }, { width: 8 }, { width: 14 }, { width: 8 }, { width: 14 }, { width: 14 }, { width: 12 }, { width: 8 }];
  summary.addRow([l.period, l.status, l.person, l.plan, l.version, l.total, l.lineCount, l.credited, l.quota, l.attainment, l.currency]).font = { bold: true };
  for (const s of statements) {
    summary.addRow([
      s.period, l.statuses[s.periodStatus], s.personName, s.planKey ?? '', s.planVersion ?? '', formatAmount(s.totalMinor, s.currency), s.lineCount,
      formatAmount(s.creditedMinor, s.currency), s.quotaMinor === null ? '' : formatAmount(s.quotaMinor, s.currency), s.attainment ?? '', s.currency,
    ]);
  }
  const lines = workbook.addWorksheet(l.lines, { views: [{ state: 'frozen', ySplit: 1 }] });
  lines.columns = [{ width: 16 }, { width: 11 }, { width: 14 }, { width: 8 }, { width: 14 }, { width: 12 }, { width: 28 }, { width: 28 }, { width: 14 }, { width: 40 }, { width: 36 }, { width: 90 }];
  lines.addRow([l.person, l.date, l.plan, l.version, l.rule, l.kind, l.deal, l.transaction, l.amount, l.inputs, l.formula, l.explanation]).font = { bold: true };
  for (const s of statements) {
    for (const line of s.lines) {
      lines.addRow([
        s.personName, line.date ?? '', line.planKey, line.planVersion, line.componentName, line.kind, line.dealId ?? '', line.transactionId ?? '',
        formatAmount(line.amountMinor, line.currency), Object.entries(line.inputs).map(([k, v]) => `${k}=${v}`).join('; '), line.formula, line.explanation,
      ]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
