/**
 * What each notification says, in zh-CN and en, and how it travels by default. A feature adds its template name
 * to `notificationTemplates` in core and its wording here; the compiler refuses a template without both languages.
 * Templates return plain text: each channel formats it (escaped HTML for email, escaped markdown for robots).
 */
import type { Locale, NotificationTemplate, OptionalChannel } from '@closeloop/core';

export interface RenderedMessage {
  /** The inbox headline, the email subject, the robot message title. */
  title: string;
  body: string;
}

/** The parameters each template is written with; `notify` accepts exactly these. */
export interface TemplateParams {
  'system.test': { sentBy: string };
  'import.finished': { records: 'customers' | 'leads'; fileName: string; created: number; skipped: number; failed: number };
  /** A6: a rep's weekly lead-health report is out; how many pipeline stages got each colour. */
  'lead_health.weekly': { week: string; red: number; amber: number; green: number };
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
        : `${p.red} stages red, ${p.amber} amber, ${p.green} green. Open the report to see the rule behind each colour.`,
    }),
  },
};

export const templates: { [T in NotificationTemplate]: TemplateDefinition<TemplateParams[T]> } = {
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
