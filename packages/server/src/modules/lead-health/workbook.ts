/**
 * The weekly lead-health board as a spreadsheet, in the reader's language: a grid of reps × stages whose cells carry
 * the colour (as a word and a fill) and the rule behind it (as a cell note), then one row per rep and stage with
 * the counts and the rule written out, and the thresholds it was counted with.
 */
import ExcelJS from 'exceljs';
import {
  describeStageHealth, healthSignals, openLeadStages, type HealthColour, type HealthThresholds, type LeadHealthReport, type Locale,
} from '@closeloop/core';
import { labelOf } from '../transfer/index.js';

const fills: Record<HealthColour, string> = { red: 'FFFFCCC7', amber: 'FFFFE58F', green: 'FFD9F7BE' };

const labels = {
  en: {
    board: 'Lead health', rules: 'Rules', aboutSheet: 'How it is counted', team: 'Team', rep: 'Rep', stage: 'Stage', colour: 'Colour', leads: 'Leads',
    rule: 'Rule', colours: { red: 'Red', amber: 'Amber', green: 'Green' },
    signals: { silent: (d: number) => `Silent > ${d} days`, overdue: () => 'Next action overdue', unplanned: () => 'No next action' },
    about: {
      week: 'Week (Friday)', generated: 'Published', silentDays: 'Silent after (days)', amber: 'Amber from (% of a stage\'s leads)', red: 'Red from (% of a stage\'s leads)',
      how: 'Each stage takes the worst of three signals: leads silent longer than the limit, leads whose next action is overdue, contacted leads with no next action. A signal is red when its share of the stage\'s leads reaches the red threshold, amber from the amber threshold.',
    },
  },
  'zh-CN': {
    board: '线索健康', rules: '规则明细', aboutSheet: '计算方法', team: '团队', rep: '销售', stage: '阶段', colour: '颜色', leads: '线索数',
    rule: '规则', colours: { red: '红', amber: '黄', green: '绿' },
    signals: { silent: (d: number) => `超过 ${d} 天未跟进`, overdue: () => '下一步已逾期', unplanned: () => '未安排下一步' },
    about: {
      week: '周（周五）', generated: '发布时间', silentDays: '未跟进天数阈值', amber: '黄灯阈值（占该阶段线索的 %）', red: '红灯阈值（占该阶段线索的 %）',
      how: '每个阶段取三个信号中最差的颜色：超过天数未跟进的线索、下一步行动已逾期的线索、已联系但未安排下一步的线索。某信号的线索占比达到红灯阈值为红，达到黄灯阈值为黄。',
    },
  },
} as const;

export interface HealthSheetInput {
  week: string | null;
  thresholds: HealthThresholds;
  items: readonly LeadHealthReport[];
  locale: Locale;
  /** formats an instant for the reader (company time zone) */
  formatTime: (iso: string) => string;
}

export async function healthWorkbook({ week, thresholds, items, locale, formatTime }: HealthSheetInput): Promise<Buffer> {
  const l = labels[locale];
  const stageLabel = (stage: string) => labelOf('stage', stage, locale);
  const workbook = new ExcelJS.Workbook();

  const board = workbook.addWorksheet(l.board, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  board.columns = [{ width: 18 }, { width: 16 }, ...openLeadStages.map(() => ({ width: 14 }))];
  board.addRow([l.team, l.rep, ...openLeadStages.map(stageLabel)]).font = { bold: true };
  for (const report of items) {
    const row = board.addRow([report.teamName ?? '', report.repName, ...report.stages.map((s) => `${l.colours[s.colour]} · ${s.leads}`)]);
    report.stages.forEach((s, i) => {
      const cell = row.getCell(3 + i);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fills[s.colour] } };
      cell.note = describeStageHealth(s, locale, stageLabel(s.stage));
    });
  }

  const rules = workbook.addWorksheet(l.rules, { views: [{ state: 'frozen', ySplit: 1 }] });
  const signalHeaders = healthSignals.map((signal) => l.signals[signal](thresholds.silentDays));
  rules.columns = [{ width: 18 }, { width: 16 }, { width: 14 }, { width: 8 }, { width: 8 }, ...signalHeaders.map(() => ({ width: 16 })), { width: 70 }];
  rules.addRow([l.team, l.rep, l.stage, l.colour, l.leads, ...signalHeaders, l.rule]).font = { bold: true };
  for (const report of items) {
    for (const s of report.stages) {
      const row = rules.addRow([
        report.teamName ?? '', report.repName, stageLabel(s.stage), l.colours[s.colour], s.leads, ...s.signals.map((f) => f.count),
        describeStageHealth(s, locale, stageLabel(s.stage)),
      ]);
      row.getCell(4).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fills[s.colour] } };
    }
  }

  const about = workbook.addWorksheet(l.aboutSheet);
  about.columns = [{ width: 34 }, { width: 90 }];
  const generatedAt = items.find((r) => r.generatedAt)?.generatedAt;
  about.addRows([
    [l.about.week, week ?? ''],
    [l.about.generated, generatedAt ? formatTime(generatedAt) : ''],
    [l.about.silentDays, thresholds.silentDays],
    [l.about.amber, thresholds.amberPercent],
    [l.about.red, thresholds.redPercent],
    [l.rule, l.about.how],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
