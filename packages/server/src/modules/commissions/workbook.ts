/**
 * Commission spreadsheets, in the reader's language. Statements (C3): one summary row per person (total = the sum of
 * their lines, to the fen), then every line with its plan and version, rule, inputs, formula and the arithmetic. A
 * recalculation's difference (C2): per person before, after and the difference, then every listed line changed with
 * its arithmetic before and after, for a comp team to review before accepting it. Amounts as the statements show them.
 */
import ExcelJS from 'exceljs';
import { formatAmount, type CommissionRecalculation, type CommissionStatement, type Locale } from '@closeloop/core';

const labels = {
  en: {
    summary: 'Statements', lines: 'Lines', person: 'Person', plan: 'Plan', version: 'Version', total: 'Total', lineCount: 'Lines', credited: 'Credited',
    quota: 'Quota', attainment: 'Attainment %', currency: 'Currency', period: 'Period', status: 'Period status', date: 'Date', rule: 'Rule', kind: 'Kind',
    deal: 'Contract', transaction: 'Payment', amount: 'Amount', inputs: 'Inputs', formula: 'Formula', explanation: 'Arithmetic',
    statuses: { open: 'open', locked: 'locked' },
    // A recalculation's difference
    recalculation: 'Recalculation', people: 'People', changedLines: 'Lines', reason: 'Reason', decision: 'Status', totalDelta: 'Total difference',
    peopleChanged: 'People changed', proposedAt: 'Proposed at', decidedAt: 'Decided at', before: 'Before', after: 'After', delta: 'Difference',
    linesChanged: 'Lines changed', notListed: 'Changed lines not listed', change: 'Change', beforeExplanation: 'Arithmetic before', afterExplanation: 'Arithmetic after',
    omitted: 'A proposal lists its first 20,000 changed lines; the amounts on the People sheet include every line.',
    decisions: { proposed: 'proposed', accepted: 'accepted', discarded: 'discarded' }, changes: { added: 'added', removed: 'removed', changed: 'changed' },
  },
  'zh-CN': {
    summary: '提成汇总', lines: '提成明细', person: '人员', plan: '方案', version: '版本', total: '合计', lineCount: '明细数', credited: '业绩',
    quota: '指标', attainment: '达成率 %', currency: '币种', period: '期间', status: '期间状态', date: '日期', rule: '规则', kind: '类型',
    deal: '合同', transaction: '回款', amount: '金额', inputs: '输入', formula: '公式', explanation: '计算过程',
    statuses: { open: '未锁定', locked: '已锁定' },
    recalculation: '重算', people: '人员', changedLines: '明细', reason: '原因', decision: '状态', totalDelta: '差额合计',
    peopleChanged: '变动人数', proposedAt: '提出时间', decidedAt: '决定时间', before: '重算前', after: '重算后', delta: '差额',
    linesChanged: '变动明细数', notListed: '未列出的变动明细', change: '变动', beforeExplanation: '重算前计算过程', afterExplanation: '重算后计算过程',
    omitted: '一次重算最多列出前 20,000 条变动明细；“人员”表中的金额包含全部明细。',
    decisions: { proposed: '待确认', accepted: '已接受', discarded: '已放弃' }, changes: { added: '新增', removed: '删除', changed: '变更' },
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

export async function recalculationWorkbook(r: CommissionRecalculation, currency: string, locale: Locale): Promise<Buffer> {
  const l = labels[locale];
  const money = (minor: number) => formatAmount(minor, currency);
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet(l.recalculation);
  summary.columns = [{ width: 20 }, { width: 60 }];
  const omitted = r.people.reduce((sum, p) => sum + (p.linesOmitted ?? 0), 0);
  for (const row of [
    [l.period, r.period], [l.status, l.statuses[r.periodStatus]], [l.decision, l.decisions[r.status]], [l.reason, r.reason],
    [l.totalDelta, money(r.totalDeltaMinor)], [l.peopleChanged, r.peopleChanged], [l.currency, currency], [l.proposedAt, r.createdAt], [l.decidedAt, r.decidedAt ?? ''],
    ...(omitted > 0 ? [[l.notListed, `${omitted} — ${l.omitted}`]] : []),
  ]) summary.addRow(row).getCell(1).font = { bold: true };

  const people = workbook.addWorksheet(l.people, { views: [{ state: 'frozen', ySplit: 1 }] });
  people.columns = [{ width: 18 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 12 }, { width: 16 }];
  people.addRow([l.person, l.before, l.after, l.delta, l.linesChanged, l.notListed]).font = { bold: true };
  for (const p of r.people) people.addRow([p.personName, money(p.beforeMinor), money(p.afterMinor), money(p.deltaMinor), p.lines.length + (p.linesOmitted ?? 0), p.linesOmitted ?? 0]);

  const lines = workbook.addWorksheet(l.changedLines, { views: [{ state: 'frozen', ySplit: 1 }] });
  lines.columns = [{ width: 16 }, { width: 10 }, { width: 16 }, { width: 12 }, { width: 28 }, { width: 28 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 80 }, { width: 80 }];
  lines.addRow([l.person, l.change, l.rule, l.kind, l.deal, l.transaction, l.before, l.after, l.delta, l.beforeExplanation, l.afterExplanation]).font = { bold: true };
  for (const p of r.people) {
    for (const line of p.lines) {
      lines.addRow([
        p.personName, l.changes[line.change], line.componentName, line.kind, line.dealId ?? '', line.transactionId ?? '',
        money(line.beforeMinor), money(line.afterMinor), money(line.deltaMinor), line.before ?? '', line.after ?? '',
      ]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
