/** Field messages of a refused request come in the caller's language, like the sentence above them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { industries } from '@closeloop/core';
import { createWorld, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

interface Case {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  payload?: object;
  fields: Record<string, { en: string; zh: string }>;
}

const customer = { name: '苏州精工机械有限公司', industry: 'manufacturing' };

const cases: Case[] = [
  {
    name: 'missing required fields',
    method: 'POST', url: '/api/v1/customers', payload: {},
    fields: { 'body.name': { en: 'required', zh: '必填' }, 'body.industry': { en: 'required', zh: '必填' } },
  },
  {
    name: 'a bad phone number',
    method: 'POST', url: '/api/v1/customers', payload: { ...customer, phone: '12345' },
    fields: {
      'body.phone': { en: 'not a phone number (e.g. 13800138000 or +86 21 6288 0000)', zh: '不是有效的电话号码（例如 13800138000 或 +86 21 6288 0000）' },
    },
  },
  {
    name: 'a bad email address',
    method: 'POST', url: '/api/v1/leads', payload: { name: '李明', email: 'li.ming.example.cn' },
    fields: { 'body.email': { en: 'not an email address', zh: '不是有效的邮箱地址' } },
  },
  {
    name: 'a value off the list',
    method: 'POST', url: '/api/v1/customers', payload: { ...customer, industry: 'farming' },
    fields: { 'body.industry': { en: `must be one of: ${industries.join(', ')}`, zh: `应为以下之一：${industries.join('、')}` } },
  },
  {
    name: 'text that is too long',
    method: 'POST', url: '/api/v1/customers', payload: { ...customer, name: '长'.repeat(121) },
    fields: { 'body.name': { en: 'at most 120 characters', zh: '最多 120 个字符' } },
  },
  {
    name: 'an unknown field',
    method: 'POST', url: '/api/v1/customers', payload: { ...customer, colour: 'red' },
    fields: { body: { en: 'unknown field: colour', zh: '无法识别的字段：colour' } },
  },
  {
    name: 'an activity that belongs to nothing',
    method: 'POST', url: '/api/v1/activities', payload: { kind: 'call', text: '电话确认需求' },
    fields: { 'body.leadId': { en: 'an activity belongs to a lead or a customer', zh: '跟进记录须关联一条线索或一个客户' } },
  },
  {
    name: 'a bad sort of a record list',
    method: 'GET', url: '/api/v1/leads?sort=phone:asc',
    fields: {
      'querystring.sort': {
        en: 'one of createdAt, updatedAt, lastActivityAt, name followed by :asc or :desc',
        zh: '应为 createdAt、updatedAt、lastActivityAt、name 之一，后接 :asc（升序）或 :desc（降序）',
      },
    },
  },
  {
    name: 'a bad sort and limit of the people list',
    method: 'GET', url: '/api/v1/users?sort=email:asc&limit=500',
    fields: {
      'querystring.sort': { en: 'one of name, createdAt followed by :asc or :desc', zh: '应为 name、createdAt 之一，后接 :asc（升序）或 :desc（降序）' },
      'querystring.limit': { en: 'must be at most 200', zh: '不能大于 200' },
    },
  },
];

describe.each(dialects)('field messages in the caller\'s language on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const ask = (c: Case, language: string) =>
    world.app.inject({ method: c.method, url: c.url, headers: { ...world.as('admin'), 'accept-language': language }, ...(c.payload ? { payload: c.payload } : {}) });

  it.each(cases)('answers $name in Chinese and in English', async (c) => {
    const zh = await ask(c, 'zh-CN,zh;q=0.9');
    expect(zh.statusCode, zh.body).toBe(400);
    expect(zh.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: '部分字段不正确，请修改后重试。',
      fields: Object.fromEntries(Object.entries(c.fields).map(([field, text]) => [field, text.zh])),
    });
    const en = await ask(c, 'en-US,en;q=0.9');
    expect(en.statusCode, en.body).toBe(400);
    expect(en.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Some fields are not valid. Correct them and try again.',
      fields: Object.fromEntries(Object.entries(c.fields).map(([field, text]) => [field, text.en])),
    });
  });
});
