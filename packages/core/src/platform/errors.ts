/**
 * The closed set of errors a user (or an integration) can cause. Each maps to one HTTP status at the edge
 * and to a message in every supported language. Bugs are thrown as plain Errors and never reach a client.
 */
import { fillPlaceholders } from './placeholders.js';

export const errorStatus = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  BAD_CURSOR: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  CSRF_MISMATCH: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  STALE_VERSION: 409,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  IMPORT_FAILED: 422,
  NOT_CONFIGURED: 503,
  UPSTREAM_FAILED: 502,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type Locale = 'en' | 'zh-CN';
export const locales: readonly Locale[] = ['zh-CN', 'en'];

/** A field-level problem, keyed by a dotted path into the request (`body.phone`, `query.cursor`). */
export type FieldErrors = Record<string, string>;

/** A text in every supported language: a field message or an error detail a person reads. */
export type LocalisedText = Record<Locale, string>;

/** What a field error may be given as: plain text, or text in every language (answered in the caller's). */
export type FieldMessages = Record<string, string | LocalisedText>;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

type Params = Record<string, string | number | LocalisedText>;

const messages: Record<Locale, Record<ErrorCode, string>> = {
  en: {
    VALIDATION_FAILED: 'Some fields are not valid. Correct them and try again.',
    MALFORMED_REQUEST: 'The request could not be read: {detail}',
    BAD_CURSOR: 'The page cursor is not valid. Start again from the first page.',
    UNAUTHENTICATED: 'Please sign in.',
    INVALID_CREDENTIALS: 'The login or password is wrong.',
    ACCOUNT_LOCKED: 'Too many failed sign-ins. The account is locked until {until}.',
    CSRF_MISMATCH: 'Your session token is missing or out of date. Reload the page and try again.',
    FORBIDDEN: 'You do not have permission to do this.',
    NOT_FOUND: 'The {entity} was not found.',
    STALE_VERSION:
      'This {entity} was changed by someone else since you opened it (version {current}, yours {given}). Reload it and apply your change again.',
    CONFLICT: '{detail}',
    IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was already used for a different request.',
    PAYLOAD_TOO_LARGE: 'The request is too large (limit {limit}).',
    UNSUPPORTED_MEDIA_TYPE: 'This content type is not accepted here: {detail}',
    RATE_LIMITED: 'Too many requests. Wait {after} and try again.',
    IMPORT_FAILED: 'The file could not be imported: {detail}',
    NOT_CONFIGURED: '{feature} is not set up on this server. Ask your administrator to set it up; meanwhile {instead}.',
    UPSTREAM_FAILED: 'The {service} did not answer properly ({detail}). Try again in a moment; meanwhile {instead}.',
  },
  'zh-CN': {
    VALIDATION_FAILED: '部分字段不正确，请修改后重试。',
    MALFORMED_REQUEST: '无法读取请求：{detail}',
    BAD_CURSOR: '分页游标无效，请从第一页重新开始。',
    UNAUTHENTICATED: '请先登录。',
    INVALID_CREDENTIALS: '账号或密码错误。',
    ACCOUNT_LOCKED: '登录失败次数过多，账号已锁定至 {until}。',
    CSRF_MISMATCH: '会话令牌缺失或已过期，请刷新页面后重试。',
    FORBIDDEN: '您没有执行此操作的权限。',
    NOT_FOUND: '未找到该{entity}。',
    STALE_VERSION: '该{entity}在您打开后已被他人修改（当前版本 {current}，您的版本 {given}）。请刷新后重新修改。',
    CONFLICT: '{detail}',
    IDEMPOTENCY_KEY_REUSED: '此 Idempotency-Key 已用于另一个不同的请求。',
    PAYLOAD_TOO_LARGE: '请求过大（上限 {limit}）。',
    UNSUPPORTED_MEDIA_TYPE: '此处不接受该内容类型：{detail}',
    RATE_LIMITED: '请求过于频繁，请 {after} 后重试。',
    IMPORT_FAILED: '文件无法导入：{detail}',
    NOT_CONFIGURED: '本服务器尚未配置{feature}，请联系管理员开通；在此之前{instead}。',
    UPSTREAM_FAILED: '{service}没有正常响应（{detail}），请稍后重试；在此之前{instead}。',
  },
};

const entityNames: Record<Locale, Record<string, string>> = {
  en: {
    customer: 'customer', contact: 'contact', lead: 'lead', activity: 'activity', product: 'product',
    price_policy: 'price policy', user: 'user', team: 'team', region: 'region', api_token: 'API token', record: 'record',
    notification: 'notification', robot: 'group robot', webhook: 'webhook', webhook_delivery: 'webhook delivery',
    saved_view: 'saved view', talk_track: 'talk track', steward_settings: 'lead steward settings',
    screening_card: 'screening card', silence_alert: 'silence alert',
    contract: 'contract', contract_approval: 'approval step', document_settings: 'document settings',
    commission_plan: 'commission plan', commission_assignment: 'plan assignment', commission_quota: 'quota', commission_recalculation: 'recalculation',
  },
  'zh-CN': {
    customer: '客户', contact: '联系人', lead: '线索', activity: '跟进记录', product: '产品',
    price_policy: '价格政策', user: '用户', team: '团队', region: '区域', api_token: 'API 令牌', record: '记录',
    notification: '通知', robot: '群机器人', webhook: 'Webhook', webhook_delivery: 'Webhook 投递记录',
    saved_view: '已保存视图', talk_track: '话术', steward_settings: '线索管家设置',
    screening_card: '筛选卡', silence_alert: '沉默提醒',
    contract: '合同', contract_approval: '审批步骤', document_settings: '单据设置',
    commission_plan: '提成方案', commission_assignment: '方案分配', commission_quota: '业绩指标', commission_recalculation: '重算',
  },
};

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  for (const part of acceptLanguage.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

export function errorMessage(code: ErrorCode, locale: Locale, params: Params = {}): string {
  const template = messages[locale][code];
  return fillPlaceholders(template, (key) => {
    const value = params[key];
    if (typeof value === 'object') return value[locale];
    return key === 'entity' && typeof value === 'string' ? (entityNames[locale][value] ?? value) : value;
  });
}

/** An error a caller can act on. Thrown by services, rendered once by the HTTP error handler. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Params;
  /** The field errors in English (logs, tests); the answer gives them in the caller's language. */
  readonly fields: FieldErrors | undefined;
  private readonly fieldMessages: FieldMessages | undefined;

  constructor(code: ErrorCode, params: Params = {}, fields?: FieldMessages) {
    super(errorMessage(code, 'en', params));
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.fieldMessages = fields;
    this.fields = fields && fieldsIn(fields, 'en');
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(locale: Locale): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: errorMessage(this.code, locale, this.params) } };
    if (this.fieldMessages) body.error.fields = fieldsIn(this.fieldMessages, locale);
    return body;
  }
}

function fieldsIn(messages: FieldMessages, locale: Locale): FieldErrors {
  return Object.fromEntries(Object.entries(messages).map(([field, message]) => [field, typeof message === 'string' ? message : message[locale]]));
}
