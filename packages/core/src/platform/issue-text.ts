/**
 * A zod issue in words a person can act on, in every supported language: the message the schema wrote itself
 * (localised-issue.ts), or else a sentence made from the issue's code and parameters ("必填", "最多 60 个字符"), so a
 * contract needs its own message only where the generic one would say too little.
 */
import { z } from 'zod';
import type { FieldMessages, LocalisedText } from './errors.js';
import { ownLocalisedText } from './localised-issue.js';

/** What the API keeps of a zod issue: its code, path and message, beside the code's own parameters. */
export interface IssueLike {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** An issue with its parameters readable by name (`maximum`, `values`, `format`…). */
type Issue = IssueLike & Readonly<Record<string, unknown>>;
type Sentence = (issue: Issue) => LocalisedText;

const both = (en: string, zh: string): LocalisedText => ({ en, 'zh-CN': zh });
const required = both('required', '必填');
const notValid = both('not a valid value', '取值无效');

const typeNames: Record<string, LocalisedText> = {
  string: both('must be text', '应为文本'),
  number: both('must be a number', '应为数字'),
  int: both('must be a whole number', '应为整数'),
  bigint: both('must be a whole number', '应为整数'),
  boolean: both('must be true or false', '应为布尔值（true 或 false）'),
  array: both('must be a list', '应为数组'),
  tuple: both('must be a list', '应为数组'),
  set: both('must be a list', '应为数组'),
  object: both('must be an object', '应为对象'),
  record: both('must be an object', '应为对象'),
  map: both('must be an object', '应为对象'),
  date: both('must be a date', '应为日期'),
  file: both('must be a file', '应为文件'),
  null: both('must be null', '应为 null'),
};

const formatNames: Record<string, LocalisedText> = {
  email: both('not an email address', '不是有效的邮箱地址'),
  url: both('not a web address (e.g. https://example.cn)', '不是有效的网址（例如 https://example.cn）'),
  date: both('not a date (YYYY-MM-DD, e.g. 2026-11-02)', '不是有效的日期（格式 YYYY-MM-DD，例如 2026-11-02）'),
  datetime: both(
    'not a date and time (ISO 8601, e.g. 2026-11-02T09:30:00+08:00)',
    '不是有效的日期时间（ISO 8601 格式，例如 2026-11-02T09:30:00+08:00）',
  ),
  time: both('not a time of day (HH:mm:ss)', '不是有效的时间（格式 HH:mm:ss）'),
  duration: both('not an ISO 8601 duration (e.g. P3D)', '不是有效的 ISO 8601 时长（例如 P3D）'),
  ipv4: both('not an IPv4 address', '不是有效的 IPv4 地址'),
  ipv6: both('not an IPv6 address', '不是有效的 IPv6 地址'),
  e164: both('not a phone number in E.164 form (e.g. +8613800138000)', '不是 E.164 格式的电话号码（例如 +8613800138000）'),
  regex: both('not in the expected format', '格式不正确'),
};
// Identifiers whose name reads the same in both languages.
const identifierFormats = ['uuid', 'uuidv4', 'uuidv6', 'uuidv7', 'guid', 'ulid', 'cuid', 'cuid2', 'nanoid', 'xid', 'ksuid', 'jwt', 'base64', 'base64url'];

const quoted = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
const listed = (values: readonly unknown[]) => both(values.map(quoted).join(', '), values.map(quoted).join('、'));

/** `at least 2 characters` / `至少 2 个字符`: bounds on a length, or on a value. */
function bound(issue: Issue, side: 'min' | 'max'): LocalisedText {
  const limit = String(side === 'min' ? issue.minimum : issue.maximum);
  const exact = issue.exact === true;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      if (side === 'min' && limit === '1' && !exact) return required;
      if (exact) return both(`exactly ${limit} characters`, `应为 ${limit} 个字符`);
      return side === 'min' ? both(`at least ${limit} characters`, `至少 ${limit} 个字符`) : both(`at most ${limit} characters`, `最多 ${limit} 个字符`);
    case 'array':
    case 'set':
    case 'map':
    case 'file': {
      const items = (n: string) => (n === '1' ? 'item' : 'items');
      if (side === 'min' && limit === '1' && !exact) return both('choose at least one', '至少选择一项');
      if (exact) return both(`exactly ${limit} ${items(limit)}`, `应为 ${limit} 项`);
      return side === 'min' ? both(`at least ${limit} ${items(limit)}`, `至少 ${limit} 项`) : both(`at most ${limit} ${items(limit)}`, `最多 ${limit} 项`);
    }
    case 'date': {
      const raw = side === 'min' ? issue.minimum : issue.maximum;
      const at = raw instanceof Date ? raw.toISOString() : typeof raw === 'number' ? new Date(raw).toISOString() : limit;
      return side === 'min' ? both(`must not be before ${at}`, `不能早于 ${at}`) : both(`must not be after ${at}`, `不能晚于 ${at}`);
    }
    default:
      if (exact) return both(`must be ${limit}`, `应为 ${limit}`);
      if (side === 'min') return inclusive ? both(`must be at least ${limit}`, `不能小于 ${limit}`) : both(`must be more than ${limit}`, `应大于 ${limit}`);
      return inclusive ? both(`must be at most ${limit}`, `不能大于 ${limit}`) : both(`must be less than ${limit}`, `应小于 ${limit}`);
  }
}

function format(issue: Issue): LocalisedText {
  const name = String(issue.format);
  const text = (key: string) => quoted(issue[key]);
  if (name === 'starts_with') return both(`must start with "${text('prefix')}"`, `应以“${text('prefix')}”开头`);
  if (name === 'ends_with') return both(`must end with "${text('suffix')}"`, `应以“${text('suffix')}”结尾`);
  if (name === 'includes') return both(`must contain "${text('includes')}"`, `应包含“${text('includes')}”`);
  if (identifierFormats.includes(name)) {
    const label = name.startsWith('uuid') ? 'UUID' : name.toUpperCase();
    return both(`not a valid ${label}`, `不是有效的 ${label}`);
  }
  return formatNames[name] ?? formatNames.regex!;
}

const sentences: Record<string, Sentence> = {
  invalid_type: (issue) => typeNames[String(issue.expected)] ?? both('has the wrong type', '类型不正确'),
  too_small: (issue) => bound(issue, 'min'),
  too_big: (issue) => bound(issue, 'max'),
  invalid_format: format,
  not_multiple_of: (issue) => both(`must be a multiple of ${String(issue.divisor)}`, `应为 ${String(issue.divisor)} 的倍数`),
  invalid_value: (issue) => {
    const values = Array.isArray(issue.values) ? issue.values : [];
    if (values.length === 1) return both(`must be ${quoted(values[0])}`, `应为 ${quoted(values[0])}`);
    const choices = listed(values);
    return both(`must be one of: ${choices.en}`, `应为以下之一：${choices['zh-CN']}`);
  },
  unrecognized_keys: (issue) => {
    const keys = listed(Array.isArray(issue.keys) ? issue.keys : []);
    return both(`unknown field${(issue.keys as unknown[]).length > 1 ? 's' : ''}: ${keys.en}`, `无法识别的字段：${keys['zh-CN']}`);
  },
  invalid_key: () => both('contains a key that is not allowed', '包含不允许的键名'),
  invalid_element: () => both('contains a value that is not allowed', '包含无效的值'),
  invalid_union: (issue) => {
    const options = Array.isArray(issue.options) ? issue.options : [];
    if (options.length === 0) return notValid;
    const choices = listed(options);
    return both(`must be one of: ${choices.en}`, `应为以下之一：${choices['zh-CN']}`);
  },
  custom: () => notValid,
};

const zodEnglish = z.locales.en().localeError;

/** Whether the issue carries zod's own English sentence rather than one a schema wrote. */
function zodsOwnMessage(issue: Issue): boolean {
  // zod names the received type from the input, which it does not keep on the issue: compare the stable part only.
  if (issue.code === 'invalid_type') return issue.message.startsWith('Invalid input: expected ');
  const own = zodEnglish(issue as unknown as z.core.$ZodRawIssue);
  return issue.message === (typeof own === 'string' ? own : own?.message);
}

/**
 * The issue in every language. `value` is what the request held at the issue's path (zod does not keep it): a
 * field that is missing, or null where null is not allowed, is simply "required".
 */
export function issueText(zodIssue: IssueLike, value?: unknown): LocalisedText {
  const issue = zodIssue as Issue;
  const own = ownLocalisedText(issue);
  if (own) return own;
  const missing = value === undefined || value === null;
  const generic =
    missing && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')
      ? required
      : (sentences[issue.code ?? ''] ?? (() => notValid))(issue);
  // A message a schema wrote only in English is still its author's words: kept for English readers.
  return zodsOwnMessage(issue) ? generic : { ...generic, en: issue.message };
}

/** What `root` holds at `path`; undefined when any step is missing. */
export function valueAtPath(root: unknown, path: readonly PropertyKey[]): unknown {
  let at = root;
  for (const step of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[step];
  }
  return at;
}

/**
 * The field messages of a failed parse of `input`, keyed by `where.path.to.field` as the API names fields; the first
 * issue of a field speaks for it.
 */
export function fieldMessagesOf(issues: readonly IssueLike[], where: string, input: unknown): FieldMessages {
  const fields: FieldMessages = {};
  for (const issue of issues) {
    const key = [where, ...issue.path.map(String)].filter(Boolean).join('.') || 'request';
    fields[key] ??= issueText(issue, valueAtPath(input, issue.path));
  }
  return fields;
}
