/** Shapes for people, teams, regions, sessions and API tokens. */
import { z } from 'zod';
import { emailSchema, idSchema, phoneSchema } from '../crm/contracts.js';
import { industries } from '../crm/vocab.js';
import { dataScopes, permissions, roles } from './roles.js';

export const passwordSchema = z
  .string()
  .min(10)
  .max(128)
  .meta({ description: 'At least 10 characters' });

export const loginRequest = z
  .strictObject({
    login: z.string().trim().min(1).max(254).meta({ description: 'Email or phone' }),
    password: z.string().min(1).max(128),
  })
  .meta({ example: { login: 'admin@demo.closeloop.cn', password: 'closeloop-demo' } });

const whitelist = z.strictObject({
  regionIds: z.array(idSchema).max(200).default([]),
  industries: z.array(z.enum(industries)).max(20).default([]),
});

export const userCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(60),
    email: emailSchema,
    phone: phoneSchema.nullable().optional(),
    role: z.enum(roles),
    teamId: idSchema.nullable().optional(),
    dataScope: z.enum(dataScopes).optional(),
    whitelist: whitelist.optional(),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    password: passwordSchema,
  })
  .meta({
    example: { name: '陈静', email: 'chen.jing@example.cn', phone: '13700001111', role: 'rep', teamId: 'team_sh_1', password: 'a-long-passphrase' },
  });
export const userUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(60).optional(),
    phone: phoneSchema.nullable().optional(),
    role: z.enum(roles).optional(),
    teamId: idSchema.nullable().optional(),
    dataScope: z.enum(dataScopes).optional(),
    whitelist: whitelist.optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    version: z.number().int().min(1),
  })
  .meta({ example: { version: 1, dataScope: 'whitelist', whitelist: { regionIds: ['reg_east'], industries: ['manufacturing'] } } });
export const passwordReset = z.strictObject({ newPassword: passwordSchema }).meta({ example: { newPassword: 'temporary-passphrase-2026' } });
export const passwordChange = z
  .strictObject({ currentPassword: z.string().min(1).max(128), newPassword: passwordSchema })
  .meta({ example: { currentPassword: 'closeloop-demo', newPassword: 'my-new-passphrase' } });

export const user = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  role: z.enum(roles),
  teamId: z.string().nullable(),
  dataScope: z.enum(dataScopes),
  whitelist: z.object({ regionIds: z.array(z.string()), industries: z.array(z.string()) }),
  locale: z.string(),
  status: z.enum(['active', 'disabled']),
  lockedUntil: z.string().nullable().meta({ description: 'Signing in is refused until then after repeated failures; an admin may unlock earlier' }),
  version: z.number(),
  createdAt: z.string(),
});
export type User = z.infer<typeof user>;

export const teamCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(60),
    parentId: idSchema.nullable().optional(),
    regionId: idSchema.nullable().optional(),
    leaderId: idSchema.nullable().optional(),
  })
  .meta({ example: { name: '华东一组', parentId: 'team_east', regionId: 'reg_east_sh' } });
export const teamUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(60).optional(),
    parentId: idSchema.nullable().optional(),
    regionId: idSchema.nullable().optional(),
    leaderId: idSchema.nullable().optional(),
    version: z.number().int().min(1),
  })
  .meta({ example: { version: 1, leaderId: '01JD0000000000000000000000' } });
export const team = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  regionId: z.string().nullable(),
  leaderId: z.string().nullable(),
  version: z.number(),
});
export const regionCreate = z
  .strictObject({ name: z.string().trim().min(1).max(60), parentId: idSchema.nullable().optional(), code: z.string().trim().max(20).nullable().optional() })
  .meta({ example: { name: '上海', parentId: 'reg_east', code: 'SH' } });
export const region = z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), code: z.string().nullable() });

export const apiTokenCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(60),
    permissions: z.array(z.enum(permissions)).min(1),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .meta({ example: { name: 'ERP 同步', permissions: ['crm.read', 'crm.write'], expiresAt: '2027-12-31T00:00:00Z' } });
export const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  userId: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const sessionOrg = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string().meta({ description: 'IANA zone the company works in; dates are shown and schedules run in it' }),
  currency: z.string().meta({ description: 'ISO 4217 code; amounts are integer minor units of it' }),
});
export const session = z.object({
  user,
  org: sessionOrg,
  permissions: z.array(z.string()),
  csrfToken: z.string().meta({ description: 'Send as the X-CSRF-Token header on every unsafe request made with the session cookie' }),
  expiresAt: z.string(),
});
