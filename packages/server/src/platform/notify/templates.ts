/**
 * What each notification says, in zh-CN and en, and how it travels by default. A feature adds its template name
 * to `notificationTemplates` in core and its wording here; the compiler refuses a template without both languages.
 * Templates return plain text: each channel formats it (escaped HTML for email, escaped markdown for robots).
 */
import { formatMoney, type Locale, type NotificationTemplate, type OpenLeadStage, type OptionalChannel } from '@closeloop/core';

export interface RenderedMessage {
  /** The inbox headline, the email subject, the robot message title. */
  title: string;
  body: string;
}

/** The parameters each template is written with; `notify` accepts exactly these. */
export interface TemplateParams {
  /** A2: the screening card of a lead first contacted `minutes` ago is still open (sent once). */
  'screening.reminder': { lead: string; company: string | null; minutes: number };
  /**
   * A5: leads fell silent. `about`: the recipient's own leads, one rep's (`owner` names them) or several people's.
   * `leads` lists at most three; `total` counts them all.
   */
  'lead.silent': {
    about: 'own' | 'rep' | 'team';
    owner: string | null;
    total: number;
    leads: Array<{ name: string; company: string | null; stage: OpenLeadStage; days: number }>;
  };
  'system.test': { sentBy: string };
  'import.finished': { records: 'customers' | 'leads'; fileName: string; created: number; skipped: number; failed: number };
  /** A6: a rep's weekly lead-health report is out; how many pipeline stages got each colour. */
  'lead_health.weekly': { week: string; red: number; amber: number; green: number };
  /** B2: a contract waits for the recipient's approval step; `violations` counts the failed submit checks. */
  'contract.approval_requested': { traceCode: string; title: string; customer: string; owner: string; totalMinor: number; currency: string; violations: number };
  /** F2: an approval step has waited longer than the company allows; sent to the approver's manager. */
  'contract.approval_escalated': { traceCode: string; title: string; approver: string | null; hours: number };
  /** B2: the owner's contract was signed (approved at the last step, or at submit) or rejected. */
  'contract.decided': { traceCode: string; title: string; outcome: 'signed' | 'rejected'; by: string | null; comment: string | null };
  /** B5: yesterday's flash, counted within the recipient's scope; `topReps` names at most three. */
  'flash.daily': {
    day: string; currency: string; signedMinor: number; signedCount: number; collectedMinor: number; refundedMinor: number;
    topReps: string[]; anomalies: number;
  };
}

export interface TemplateDefinition<P> {
  /** The channels besides the inbox a person receives it on until they choose otherwise. */
  defaultChannels: readonly OptionalChannel[];
  /** respect: email and robots wait until the recipient's quiet hours end. ignore: for what someone is waiting for right now. */
  quietHours: 'respect' | 'ignore';
  render: Record<Locale, (params: P) => RenderedMessage>;
}

const recordNames: Record<Locale, Record<TemplateParams['import.finished']['records'], string>> = {
  'zh-CN': { customers: '客户', leads: '线索' },
  en: { customers: 'customers', leads: 'leads' },
};

const healthWeekly: TemplateDefinition<TemplateParams['lead_health.weekly']> = {
  defaultChannels: ['email'],
  quietHours: 'respect',
  render: {
    'zh-CN': (p) => ({
      title: `本周线索健康报告（${p.week}）`,
      body: p.red + p.amber === 0
        ? `${p.green} 个阶段全部为绿灯。打开报告查看每个阶段的依据。`
        : `红灯 ${p.red} 个阶段，黄灯 ${p.amber} 个，绿灯 ${p.green} 个。打开报告查看每个颜色背后的规则。`,
    }),
    en: (p) => ({
      title: `Your lead-health report for the week of ${p.week}`,
      body: p.red + p.amber === 0
        ? `All ${p.green} stages are green. Open the report to see what each is based on.`
        : `Stages: ${p.red} red, ${p.amber} amber, ${p.green} green. Open the report to see the rule behind each colour.`,
    }),
  },
};

const screeningReminder: TemplateDefinition<TemplateParams['screening.reminder']> = {
  defaultChannels: [],
  // Worth filling in while the conversation is fresh; a reminder at 07:00 the next day is not.
  quietHours: 'respect',
  render: {
    'zh-CN': (p) => ({
      title: `请完成筛选卡：${p.lead}`,
      body: `首次联系${p.lead}${p.company ? `（${p.company}）` : ''}已过去 ${p.minutes} 分钟，筛选卡还没有填写。花 30 秒确认意向和跟进节奏吧。`,
    }),
    en: (p) => ({
      title: `Screening card to complete: ${p.lead}`,
      body: `You first contacted ${p.lead}${p.company ? ` (${p.company})` : ''} ${p.minutes} minutes ago and the screening card is still open. Take 30 seconds to set the intent and the follow-up cadence.`,
    }),
  },
};

const stageNames: Record<Locale, Record<OpenLeadStage, string>> = {
  'zh-CN': { new: '新线索', contacted: '已联系', qualified: '已确认需求', proposal: '方案报价', negotiation: '商务谈判' },
  en: { new: 'new', contacted: 'contacted', qualified: 'qualified', proposal: 'proposal', negotiation: 'negotiation' },
};
type SilentParams = TemplateParams['lead.silent'];
const leadZh = (l: SilentParams['leads'][number]) => `${l.name}${l.company ? `（${l.company}）` : ''}`;
const leadEn = (l: SilentParams['leads'][number]) => `${l.name}${l.company ? ` (${l.company})` : ''}`;
const whoseZh = (p: SilentParams) => (p.about === 'own' ? '你的' : p.about === 'rep' ? `${p.owner}的` : '团队的');
const whoseEn = (p: SilentParams) => (p.about === 'own' ? 'Your' : p.about === 'rep' ? `${p.owner}'s` : "Your team's");

const leadSilent: TemplateDefinition<SilentParams> = {
  // Besides the live inbox, by email; group robots post it only where an admin chose it (each person's copy is a post).
  defaultChannels: ['email'],
  quietHours: 'respect',
  render: {
    'zh-CN': (p) => {
      const [lead] = p.leads;
      if (p.total === 1 && lead) {
        return {
          title: `${whoseZh(p)}线索沉默了：${lead.name}`,
          body: `${whoseZh(p)}线索${leadZh(lead)}在“${stageNames['zh-CN'][lead.stage]}”阶段已 ${lead.days} 天没有新的跟进。打开线索查看历史和建议话术。`,
        };
      }
      return {
        title: `${whoseZh(p)} ${p.total} 条线索沉默了`,
        body: `${p.leads.map(leadZh).join('、')}${p.total > p.leads.length ? ` 等 ${p.total} 条` : ''}线索已超过沉默时限没有新的跟进。打开沉默线索列表逐一跟进。`,
      };
    },
    en: (p) => {
      const [lead] = p.leads;
      if (p.total === 1 && lead) {
        return {
          title: `${whoseEn(p)} lead went silent: ${lead.name}`,
          body: `${whoseEn(p)} lead ${leadEn(lead)} has had no new action for ${lead.days} day${lead.days === 1 ? '' : 's'} in the ${stageNames.en[lead.stage]} stage. Open it for its history and a suggested script.`,
        };
      }
      return {
        title: `${whoseEn(p)} ${p.total} leads went silent`,
        body: `${p.leads.map(leadEn).join(', ')}${p.total > p.leads.length ? ` and ${p.total - p.leads.length} more` : ''} have gone past their silence limit without a new action. Open the list of silent leads to follow them up.`,
      };
    },
  },
};

const flashDaily: TemplateDefinition<TemplateParams['flash.daily']> = {
  defaultChannels: ['email'],
  // Read before the morning meeting: it waits for quiet hours to end like any report.
  quietHours: 'respect',
  render: {
    'zh-CN': (p) => ({
      title: `昨日快报（${p.day}）`,
      body: `签约 ${formatMoney(p.signedMinor, p.currency, 'zh-CN')}（${p.signedCount} 份），回款 ${formatMoney(p.collectedMinor, p.currency, 'zh-CN')}`
        + `${p.refundedMinor ? `，退款/作废 ${formatMoney(p.refundedMinor, p.currency, 'zh-CN')}` : ''}。`
        + `${p.topReps.length ? `前三名：${p.topReps.join('、')}。` : ''}${p.anomalies ? `异常单据 ${p.anomalies} 项，请查看快报。` : '无异常单据。'}`,
    }),
    en: (p) => ({
      title: `Yesterday's flash (${p.day})`,
      body: `Signed ${formatMoney(p.signedMinor, p.currency, 'en')} (${p.signedCount} contract${p.signedCount === 1 ? '' : 's'}), collected ${formatMoney(p.collectedMinor, p.currency, 'en')}`
        + `${p.refundedMinor ? `, refunded or voided ${formatMoney(p.refundedMinor, p.currency, 'en')}` : ''}.`
        + `${p.topReps.length ? ` Top reps: ${p.topReps.join(', ')}.` : ''}${p.anomalies ? ` ${p.anomalies} anomal${p.anomalies === 1 ? 'y' : 'ies'} to look at.` : ' No anomalies.'}`,
    }),
  },
};

const approvalRequested: TemplateDefinition<TemplateParams['contract.approval_requested']> = {
  defaultChannels: ['email'],
  quietHours: 'respect',
  render: {
    'zh-CN': (p) => ({
      title: `待审批合同：${p.traceCode} ${p.title}`,
      body: `${p.owner}提交的合同 ${p.traceCode}（${p.customer}，${formatMoney(p.totalMinor, p.currency, 'zh-CN')}）等待你审批${p.violations ? `，有 ${p.violations} 项检查未通过，批准需说明理由` : ''}。`,
    }),
    en: (p) => ({
      title: `Contract to approve: ${p.traceCode} ${p.title}`,
      body: `${p.owner}'s contract ${p.traceCode} (${p.customer}, ${formatMoney(p.totalMinor, p.currency, 'en')}) waits for your approval${p.violations ? `; ${p.violations} check${p.violations === 1 ? '' : 's'} failed, so approving needs an override with a reason` : ''}.`,
    }),
  },
};

const approvalEscalated: TemplateDefinition<TemplateParams['contract.approval_escalated']> = {
  defaultChannels: ['email'],
  quietHours: 'respect',
  render: {
    'zh-CN': (p) => ({
      title: `审批超时：${p.traceCode}`,
      body: `合同 ${p.traceCode}（${p.title}）已等待${p.approver ? ` ${p.approver} ` : ''}审批超过 ${p.hours} 小时。请跟进或代为处理。`,
    }),
    en: (p) => ({
      title: `Approval overdue: ${p.traceCode}`,
      body: `Contract ${p.traceCode} (${p.title}) has waited for approval${p.approver ? ` by ${p.approver}` : ''} for more than ${p.hours} hours. Please follow it up or decide it.`,
    }),
  },
};

const contractDecided: TemplateDefinition<TemplateParams['contract.decided']> = {
  defaultChannels: [],
  quietHours: 'respect',
  render: {
    'zh-CN': (p) => ({
      title: p.outcome === 'signed' ? `合同已签署：${p.traceCode}` : `合同被驳回：${p.traceCode}`,
      body: p.outcome === 'signed'
        ? `你的合同 ${p.traceCode}（${p.title}）已通过审批并签署。`
        : `你的合同 ${p.traceCode}（${p.title}）被${p.by ?? ''}驳回${p.comment ? `：${p.comment}` : ''}。修改后可重新提交。`,
    }),
    en: (p) => ({
      title: p.outcome === 'signed' ? `Contract signed: ${p.traceCode}` : `Contract rejected: ${p.traceCode}`,
      body: p.outcome === 'signed'
        ? `Your contract ${p.traceCode} (${p.title}) is approved and signed.`
        : `Your contract ${p.traceCode} (${p.title}) was rejected${p.by ? ` by ${p.by}` : ''}${p.comment ? `: ${p.comment}` : ''}. Revise it and submit it again.`,
    }),
  },
};

export const templates: { [T in NotificationTemplate]: TemplateDefinition<TemplateParams[T]> } = {
  'contract.approval_requested': approvalRequested,
  'contract.approval_escalated': approvalEscalated,
  'contract.decided': contractDecided,
  'flash.daily': flashDaily,
  'screening.reminder': screeningReminder,
  'lead.silent': leadSilent,
  'system.test': {
    defaultChannels: ['email', 'dingtalk', 'wecom'],
    // An admin checking the set-up waits for it now, whatever the hour.
    quietHours: 'ignore',
    render: {
      'zh-CN': (p) => ({ title: 'Closeloop 测试通知', body: `这是${p.sentBy}发送的测试通知。收到它说明这个渠道已经接通。` }),
      en: (p) => ({ title: 'Closeloop test notification', body: `This is a test notification sent by ${p.sentBy}. Receiving it means this channel works.` }),
    },
  },
  'import.finished': {
    defaultChannels: ['email'],
    quietHours: 'respect',
    render: {
      'zh-CN': (p) => ({
        title: `导入完成：${recordNames['zh-CN'][p.records]}`,
        body: `“${p.fileName}”已导入：新建 ${p.created} 条，跳过 ${p.skipped} 条，失败 ${p.failed} 条。`,
      }),
      en: (p) => ({
        title: `Import finished: ${recordNames.en[p.records]}`,
        body: `"${p.fileName}" was imported: ${p.created} created, ${p.skipped} skipped, ${p.failed} failed.`,
      }),
    },
  },
  'lead_health.weekly': healthWeekly,
};

export function renderMessage<T extends NotificationTemplate>(template: T, locale: Locale, params: TemplateParams[T]): RenderedMessage {
  const definition = templates[template] as TemplateDefinition<TemplateParams[T]>;
  return definition.render[locale](params);
}
