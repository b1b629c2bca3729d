/**
 * Request and response shapes of the people routes that core's people contracts do not define: list queries,
 * the region update, and the one-time token secret.
 */
import { z } from 'zod';
import { apiToken, dataScopes, idSchema, localisedMessage, region, roles, sortKeyMessage, team } from '@closeloop/core';

const limit = z.coerce.number().int().min(1).max(200).default(50);
const sortOf = <const K extends readonly [string, ...string[]]>(keys: K, fallback: `${K[number]}:${'asc' | 'desc'}`) =>
  z
    .string()
    .regex(new RegExp(`^(${keys.join('|')}):(asc|desc)$`), sortKeyMessage(keys))
    .default(fallback);

export const userListQuery = z.strictObject({
  limit,
  cursor: z.string().max(512).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Search name, email or phone' }),
  role: z.enum(roles).optional(),
  dataScope: z.enum(dataScopes).optional(),
  teamId: z.string().max(64).optional(),
  status: z.enum(['active', 'disabled', 'all']).default('active'),
  sort: sortOf(['name', 'createdAt'], 'name:asc'),
});
export type UserListQuery = z.infer<typeof userListQuery>;

export const apiTokenListQuery = z.strictObject({
  limit,
  cursor: z.string().max(512).optional(),
  userId: z.string().max(64).optional().meta({ description: 'Tokens of one person (admins); others always see only their own' }),
  status: z.enum(['active', 'all']).default('active').meta({ description: 'active: neither revoked nor expired' }),
});
export type ApiTokenListQuery = z.infer<typeof apiTokenListQuery>;

export const regionUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(60).optional(),
    parentId: idSchema.nullable().optional(),
    code: z.string().trim().max(20).nullable().optional(),
  })
  .refine((r) => Object.keys(r).length > 0, localisedMessage({ en: 'name at least one field to change', 'zh-CN': '请至少填写一项要修改的内容' }))
  .meta({ example: { parentId: 'reg_east', code: 'SH' } });
export type RegionUpdate = z.infer<typeof regionUpdate>;

export const apiTokenCreated = apiToken
  .extend({
    secret: z.string().meta({ description: 'The token itself (`clk_<prefix>_<secret>`). Shown only in this response; store it now.' }),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000000', name: 'ERP 同步', permissions: ['crm.read', 'crm.write'], userId: '01JD0000000000000000000001',
      prefix: 'Ab3dE7xQ', createdAt: '2026-11-26T08:30:00.000Z', expiresAt: '2027-12-31T00:00:00.000Z', lastUsedAt: null, revokedAt: null,
      secret: 'clk_Ab3dE7xQ_3q2-7wEvJx9vK8S1bJ0pQm4rT6uY5zA2cD8fG1hL0nM',
    },
  });

export const teamList = z.object({ items: z.array(team) });
export const regionList = z.object({ items: z.array(region) });
