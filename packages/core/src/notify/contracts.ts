/**
 * Notifications (H2): the channels, the templates features send, and the shapes of the inbox, a person's
 * preferences and the group robots. A new template is added here and rendered in server/platform/notify/templates.ts.
 */
import { z } from 'zod';
import { idSchema } from '../crm/contracts.js';
import { localisedMessage } from '../platform/localised-issue.js';

/** The in-app inbox (with live push) always receives; the other channels are each person's choice per template. */
export const notificationChannels = ['inApp', 'email', 'dingtalk', 'wecom'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
export const optionalChannels = ['email', 'dingtalk', 'wecom'] as const;
export type OptionalChannel = (typeof optionalChannels)[number];

export const notificationTemplates = ['system.test', 'import.finished', 'screening.reminder', 'lead.silent', 'lead_health.weekly', 'contract.approval_requested', 'contract.approval_escalated', 'contract.decided', 'flash.daily'] as const;
export type NotificationTemplate = (typeof notificationTemplates)[number];

export const robotKinds = ['dingtalk', 'wecom'] as const;
export type RobotKind = (typeof robotKinds)[number];

export const notification = z
  .object({
    id: z.string().meta({ description: 'Time-ordered; the SSE event id, so Last-Event-ID resumes after it' }),
    template: z.enum(notificationTemplates),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().meta({ description: 'Where in the app it leads, e.g. /leads/01JD…' }),
    subject: z.object({ type: z.string(), id: z.string() }).nullable().meta({ description: 'The record it is about' }),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000010', template: 'import.finished', title: '导入完成：客户', body: '“客户名单.xlsx”已导入：新建 118 条，跳过 2 条，失败 3 条。',
      link: '/imports', subject: null, createdAt: '2026-11-26T08:30:00.000Z', readAt: null,
    },
  });
export type NotificationView = z.infer<typeof notification>;

export const notificationListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).default('false').meta({ description: 'true: only what is not read yet' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export const unreadCount = z.object({ count: z.number().int() }).meta({ example: { count: 3 } });
export const readAllResult = z.object({ marked: z.number().int().meta({ description: 'How many were unread' }) }).meta({ example: { marked: 3 } });

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, localisedMessage({ en: 'a time of day as HH:mm, e.g. 22:00', 'zh-CN': '请填写 HH:mm 格式的时间，例如 22:00' }));
export const quietHours = z
  .strictObject({ start: clockTime, end: clockTime })
  .refine((q) => q.start !== q.end, { ...localisedMessage({ en: 'start and end must differ', 'zh-CN': '开始时间和结束时间不能相同' }), path: ['end'] })
  .meta({ description: 'In the company time zone; may span midnight (22:00–08:00). Email and robots wait until it ends.' });

const channelChoice = z.array(z.enum(optionalChannels)).max(optionalChannels.length);

export const notificationPreferencesUpdate = z
  .strictObject({
    channels: z
      .partialRecord(z.enum(notificationTemplates), channelChoice)
      .default({})
      .meta({ description: 'Per template, the channels besides the inbox; a template left out keeps its defaults' }),
    quietHours: quietHours.nullable(),
  })
  .meta({ example: { channels: { 'import.finished': [], 'system.test': ['email', 'dingtalk'] }, quietHours: { start: '22:00', end: '08:00' } } });
export type NotificationPreferencesUpdate = z.infer<typeof notificationPreferencesUpdate>;

export const notificationPreferences = z
  .object({
    templates: z.array(
      z.object({
        template: z.enum(notificationTemplates),
        channels: z.array(z.enum(notificationChannels)).meta({ description: 'What this person receives it on' }),
        defaultChannels: z.array(z.enum(notificationChannels)),
      }),
    ),
    quietHours: quietHours.nullable(),
    timeZone: z.string().meta({ description: 'The company time zone quiet hours are read in' }),
  })
  .meta({
    example: {
      templates: [{ template: 'import.finished', channels: ['inApp'], defaultChannels: ['inApp', 'email'] }],
      quietHours: { start: '22:00', end: '08:00' },
      timeZone: 'Asia/Shanghai',
    },
  });
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

export const robotCreate = z
  .strictObject({
    kind: z.enum(robotKinds),
    name: z.string().trim().min(1).max(60),
    webhookUrl: z.string().trim().min(1).max(500).meta({ description: 'The webhook address the group robot settings show (it holds the access token or key)' }),
    secret: z.string().trim().min(1).max(200).optional().meta({ description: 'DingTalk only: the signing secret (SEC…) when the robot is secured by signature' }),
    templates: z.array(z.enum(notificationTemplates)).max(100).default([]).meta({ description: 'What it posts; empty for every template' }),
  })
  .meta({
    example: {
      kind: 'dingtalk', name: '华东销售群', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=8c2f0e5d4b3a29187f6e5d4c3b2a1908',
      secret: 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd', templates: ['system.test'],
    },
  });
export type RobotCreate = z.infer<typeof robotCreate>;

export const robot = z
  .object({
    id: z.string(),
    kind: z.enum(robotKinds),
    name: z.string(),
    webhook: z.string().meta({ description: 'The webhook with all but the last 4 characters of its key hidden' }),
    signed: z.boolean().meta({ description: 'Whether messages are signed with a stored secret (never shown)' }),
    templates: z.array(z.enum(notificationTemplates)),
    createdAt: z.string(),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000020', kind: 'dingtalk', name: '华东销售群', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=••••1908',
      signed: true, templates: ['system.test'], createdAt: '2026-11-26T08:30:00.000Z',
    },
  });
export type RobotView = z.infer<typeof robot>;

export const testNotificationRequest = z
  .strictObject({
    userIds: z.array(idSchema).min(1).max(50).optional().meta({ description: 'Who receives it; yourself when absent' }),
  })
  .meta({ example: { userIds: ['01JD0000000000000000000001'] } });

export const testNotificationResult = z
  .object({
    notifications: z.array(
      z.object({
        id: z.string(),
        recipientId: z.string(),
        channels: z.array(z.enum(notificationChannels)).meta({ description: 'Where it goes: the inbox, plus each channel queued' }),
      }),
    ),
  })
  .meta({ example: { notifications: [{ id: '01JD0000000000000000000010', recipientId: '01JD0000000000000000000001', channels: ['inApp', 'email', 'dingtalk'] }] } });
