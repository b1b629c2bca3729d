import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as core from '../index.js';
import { fieldMessagesOf, issueText, valueAtPath } from './issue-text.js';
import { addLocalisedIssue, localisedMessage, ownLocalisedText } from './localised-issue.js';

/** The words for the first issue `schema` raises on `input`, as the API answers a field (with the value it held). */
function said(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`${JSON.stringify(input)} was accepted`);
  const issue = result.error.issues[0]!;
  return issueText(issue, valueAtPath(input, issue.path));
}

describe('issue texts by zod code', () => {
  it.each([
    ['a missing field', z.strictObject({ name: z.string() }), {}, 'required', '必填'],
    ['null where null is not allowed', z.strictObject({ name: z.string() }), { name: null }, 'required', '必填'],
    ['a missing choice', z.strictObject({ kind: z.enum(['call', 'visit']) }), {}, 'required', '必填'],
    ['blank text', z.strictObject({ name: z.string().trim().min(1) }), { name: '   ' }, 'required', '必填'],
    ['a number for text', z.strictObject({ name: z.string() }), { name: 1 }, 'must be text', '应为文本'],
    ['text for a number', z.strictObject({ n: z.number() }), { n: 'x' }, 'must be a number', '应为数字'],
    ['a fraction for a whole number', z.strictObject({ n: z.number().int() }), { n: 1.5 }, 'must be a whole number', '应为整数'],
    ['text for true/false', z.strictObject({ b: z.boolean() }), { b: 'yes' }, 'must be true or false', '应为布尔值（true 或 false）'],
    ['text for a list', z.strictObject({ tags: z.array(z.string()) }), { tags: 'a' }, 'must be a list', '应为数组'],
    ['too short', z.strictObject({ name: z.string().min(2) }), { name: 'a' }, 'at least 2 characters', '至少 2 个字符'],
    ['too long', z.strictObject({ name: z.string().max(60) }), { name: 'x'.repeat(61) }, 'at most 60 characters', '最多 60 个字符'],
    ['the wrong length', z.strictObject({ code: z.string().length(6) }), { code: '1' }, 'exactly 6 characters', '应为 6 个字符'],
    ['a number too small', z.strictObject({ n: z.number().min(1) }), { n: 0 }, 'must be at least 1', '不能小于 1'],
    ['a number not above a bound', z.strictObject({ n: z.number().positive() }), { n: 0 }, 'must be more than 0', '应大于 0'],
    ['a number too large', z.strictObject({ n: z.number().max(1440) }), { n: 1441 }, 'must be at most 1440', '不能大于 1440'],
    ['an empty list', z.strictObject({ ids: z.array(z.string()).min(1) }), { ids: [] }, 'choose at least one', '至少选择一项'],
    ['a list too long', z.strictObject({ tags: z.array(z.string()).max(20) }), { tags: Array(21).fill('t') }, 'at most 20 items', '最多 20 项'],
    ['not a multiple', z.strictObject({ n: z.number().multipleOf(5) }), { n: 7 }, 'must be a multiple of 5', '应为 5 的倍数'],
    ['a bad email', z.strictObject({ email: z.email() }), { email: 'no-at-sign' }, 'not an email address', '不是有效的邮箱地址'],
    ['a bad url', z.strictObject({ url: z.url() }), { url: 'nope' }, 'not a web address (e.g. https://example.cn)', '不是有效的网址（例如 https://example.cn）'],
    ['a bad uuid', z.strictObject({ id: z.uuid() }), { id: 'x' }, 'not a valid UUID', '不是有效的 UUID'],
    ['a bad date', z.strictObject({ d: z.iso.date() }), { d: '2026-13-45' }, 'not a date (YYYY-MM-DD, e.g. 2026-11-02)', '不是有效的日期（格式 YYYY-MM-DD，例如 2026-11-02）'],
    [
      'a bad date and time', z.strictObject({ at: z.iso.datetime({ offset: true }) }), { at: 'tomorrow' },
      'not a date and time (ISO 8601, e.g. 2026-11-02T09:30:00+08:00)', '不是有效的日期时间（ISO 8601 格式，例如 2026-11-02T09:30:00+08:00）',
    ],
    ['a pattern without words of its own', z.strictObject({ c: z.string().regex(/^[A-Z]+$/) }), { c: 'x' }, 'not in the expected format', '格式不正确'],
    ['a wrong prefix', z.strictObject({ u: z.string().startsWith('https://') }), { u: 'ftp://x' }, 'must start with "https://"', '应以“https://”开头'],
    ['a value off the list', z.strictObject({ s: z.enum(['active', 'archived', 'all']) }), { s: 'gone' }, 'must be one of: active, archived, all', '应为以下之一：active、archived、all'],
    ['a wrong literal', z.strictObject({ v: z.literal('*') }), { v: 'x' }, 'must be *', '应为 *'],
    ['an unknown field', z.strictObject({ name: z.string() }), { name: 'a', colour: 'red' }, 'unknown field: colour', '无法识别的字段：colour'],
    ['unknown fields', z.strictObject({}), { a: 1, b: 2 }, 'unknown fields: a, b', '无法识别的字段：a、b'],
    ['a rule without words of its own', z.strictObject({ n: z.number().refine((n) => n % 2 === 0) }), { n: 1 }, 'not a valid value', '取值无效'],
  ])('%s', (_, schema, input, en, zh) => {
    expect(said(schema, input)).toEqual({ en, 'zh-CN': zh });
  });

  it('puts fields at their request path, the first issue of a field speaking for it', () => {
    const schema = z.strictObject({ name: z.string().min(2).max(3), money: z.strictObject({ minor: z.number().int() }) });
    const input = { name: 'a', money: {} };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(fieldMessagesOf(result.error!.issues, 'body', input)).toEqual({
      'body.name': { en: 'at least 2 characters', 'zh-CN': '至少 2 个字符' },
      'body.money.minor': { en: 'required', 'zh-CN': '必填' },
    });
  });
});

describe('messages a schema writes itself', () => {
  it('answers the contracts\' own messages in both languages', () => {
    expect(said(core.phoneSchema, '12')).toEqual({
      en: 'not a phone number (e.g. 13800138000 or +86 21 6288 0000)', 'zh-CN': '不是有效的电话号码（例如 13800138000 或 +86 21 6288 0000）',
    });
    expect(said(core.idSchema, 'a/b')).toEqual({ en: 'not a valid id', 'zh-CN': '不是有效的 ID' });
    expect(said(core.activityCreate, { kind: 'call' })).toEqual({ en: 'an activity belongs to a lead or a customer', 'zh-CN': '跟进记录须关联一条线索或一个客户' });
    expect(said(core.leadListQuery, { sort: 'phone:asc' })).toEqual({
      en: 'one of createdAt, updatedAt, lastActivityAt, name followed by :asc or :desc',
      'zh-CN': '应为 createdAt、updatedAt、lastActivityAt、name 之一，后接 :asc（升序）或 :desc（降序）',
    });
    expect(said(core.passwordSchema, 'short')).toEqual({ en: 'at least 10 characters', 'zh-CN': '至少 10 个字符' });
  });

  it('answers an issue added with addLocalisedIssue in both languages', () => {
    const schema = z.string().superRefine((_, ctx) => addLocalisedIssue(ctx, { en: 'taken', 'zh-CN': '已被占用' }));
    expect(said(schema, 'x')).toEqual({ en: 'taken', 'zh-CN': '已被占用' });
  });

  it('keeps a message written only in English for English readers, and says it generically in Chinese', () => {
    const schema = z.strictObject({ code: z.string().regex(/^\d+$/, 'digits only, please') });
    expect(said(schema, { code: 'x' })).toEqual({ en: 'digits only, please', 'zh-CN': '格式不正确' });
  });

  it('refuses to translate one English message two ways', () => {
    localisedMessage({ en: 'unique test text', 'zh-CN': '测试文本' });
    expect(() => localisedMessage({ en: 'unique test text', 'zh-CN': '测试文本' })).not.toThrow();
    expect(() => localisedMessage({ en: 'unique test text', 'zh-CN': '另一种译法' })).toThrow(/translated twice/);
  });

  it('leaves no message written only in English in the core contracts', () => {
    const written = [...writtenMessages(Object.values(core))];
    expect(written).toContain('not a valid id');
    expect(written.filter((message) => !ownLocalisedText({ message }))).toEqual([]);
  });
});

/** Every message the given schemas (and all schemas inside them) write on their checks themselves. */
function writtenMessages(roots: readonly unknown[]): Set<string> {
  const messages = new Set<string>();
  const seen = new Set<unknown>();
  const isSchema = (value: unknown): value is z.core.$ZodType => !!value && typeof value === 'object' && '_zod' in value;
  const messageOf = (def: { error?: (issue: unknown) => unknown }) => {
    const said = def.error?.({ code: 'custom', path: [], input: undefined });
    const text = typeof said === 'string' ? said : (said as { message?: string } | undefined)?.message;
    if (text) messages.add(text);
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (!isSchema(value)) return Object.values(value).forEach((v) => isSchema(v) && visit(v));
    const def = value._zod.def as unknown as Record<string, unknown> & { error?: (issue: unknown) => unknown; checks?: Array<{ _zod: { def: { error?: (issue: unknown) => unknown } } }> };
    messageOf(def);
    for (const check of def.checks ?? []) messageOf(check._zod.def);
    for (const [key, child] of Object.entries(def)) if (key !== 'checks' && key !== 'error') visit(child);
  };
  roots.filter(isSchema).forEach(visit);
  return messages;
}
