/**
 * `closeloop user add`: creates a person from the command line, e.g. the first admin of a new installation
 * (with --create-org) or an account for someone who cannot reach the admin screens.
 */
import { defaultScopeFor, fieldMessagesOf, normalisePhone, userCreate, type Role } from '@closeloop/core';
import type { Clock } from '../platform/clock.js';
import type { DatabaseHandle, Executor } from '../platform/db/database.js';
import { appendAudit, sealAudit } from '../platform/audit/chain.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { newId, newSecret } from '../platform/ids.js';
import { personRow } from '../seed/organisation.js';
import { addStarterLibrary } from '../modules/talk-tracks/index.js';
import { CliError } from './io.js';

export interface UserAddRequest {
  email: string;
  name: string;
  role: string;
  team?: string | undefined;
  phone?: string | undefined;
  /** When absent, one is generated and returned so it can be shown once. */
  password?: string | undefined;
  org?: string | undefined;
  /** Creates a new organisation of this name for the person (first start of a real installation). */
  createOrg?: string | undefined;
  timeZone?: string | undefined;
  currency?: string | undefined;
}

export interface UserAdded {
  userId: string;
  orgId: string;
  orgName: string;
  teamName: string | null;
  dataScope: string;
  generatedPassword: string | null;
}

export async function addUser(database: DatabaseHandle, clock: Clock, request: UserAddRequest): Promise<UserAdded> {
  const db = database.db;
  const generatedPassword = request.password === undefined ? generatePassword() : null;
  const org = request.createOrg ? newOrg(request) : await existingOrg(db, request.org);
  const team = org.isNew || !request.team ? null : await findTeam(db, org.id, request.team);
  if (org.isNew && request.team) throw new CliError('A new organisation has no teams yet; add the person without --team and create teams in the app.');
  const candidate = {
    name: request.name, email: request.email, phone: request.phone ?? null, role: request.role, teamId: team?.id ?? null,
    password: request.password ?? generatedPassword,
  };
  const parsed = userCreate.safeParse(candidate);
  if (!parsed.success) {
    // The same plain sentences, one per field, as the API gives (the operator's terminal is English).
    const problems = Object.entries(fieldMessagesOf(parsed.error.issues, '', candidate)).map(
      ([field, text]) => `--${optionName(field.split('.')[0]!)}: ${typeof text === 'string' ? text : text.en}`,
    );
    throw new CliError(`The person cannot be added: ${problems.join('; ')}.`);
  }
  const input = parsed.data;
  const email = input.email.toLowerCase();
  if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
    throw new CliError(`There is already an account with the e-mail ${email} (e-mails are unique across the installation).`);
  }
  const phoneNormal = normalisePhone(input.phone);
  if (phoneNormal && (await db.selectFrom('users').select('id').where('phone_normal', '=', phoneNormal).executeTakeFirst())) {
    throw new CliError(`There is already an account with the phone ${input.phone} (phones sign people in, so they are unique).`);
  }
  const role = input.role as Role;
  const now = clock.now().toISOString();
  const row = personRow(
    org.id,
    { id: newId(), name: input.name, email, role, teamId: team?.id ?? null, phone: input.phone ?? undefined },
    await hashPassword(input.password),
    now,
  );
  await db.transaction().execute(async (tx) => {
    if (org.isNew) {
      await tx.insertInto('orgs').values({ id: org.id, name: org.name, time_zone: org.timeZone, currency: org.currency, created_at: now }).execute();
      // Every new company starts with the talk-track starter library (A3).
      await addStarterLibrary(tx, org.id, now);
      await appendAudit(tx, database.dialect, clock, {
        orgId: org.id, actorId: null, actorKind: 'cli', action: 'create', entityType: 'org', entityId: org.id,
        after: { name: org.name, timeZone: org.timeZone, currency: org.currency },
      });
    }
    await tx.insertInto('users').values(row).execute();
    await appendAudit(tx, database.dialect, clock, {
      orgId: org.id, actorId: null, actorKind: 'cli', action: 'create', entityType: 'user', entityId: row.id,
      after: { name: row.name, email: row.email, phone: row.phone, role, teamId: row.team_id, dataScope: row.data_scope },
    });
  });
  await sealAudit(database.db, database.dialect, org.id);
  return { userId: row.id, orgId: org.id, orgName: org.name, teamName: team?.name ?? null, dataScope: defaultScopeFor[role], generatedPassword };
}

/** 24 characters from the CSPRNG: strong enough to hand over once and be changed at first sign-in. */
const generatePassword = (): string => newSecret().slice(0, 24);

interface OrgChoice {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
  isNew: boolean;
}

function newOrg(request: UserAddRequest): OrgChoice {
  const name = request.createOrg!.trim();
  if (name.length === 0 || name.length > 120) throw new CliError('--create-org needs a company name of 1 to 120 characters.');
  if (request.org) throw new CliError('Give either --org (an existing organisation) or --create-org (a new one), not both.');
  const timeZone = request.timeZone ?? 'Asia/Shanghai';
  if (!isTimeZone(timeZone)) throw new CliError(`--time-zone: "${timeZone}" is not an IANA time zone (e.g. Asia/Shanghai, Europe/Berlin).`);
  const currency = (request.currency ?? 'CNY').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new CliError(`--currency: "${currency}" is not an ISO 4217 code (e.g. CNY, USD).`);
  return { id: newId(), name, timeZone, currency, isNew: true };
}

async function existingOrg(db: Executor, orgId: string | undefined): Promise<OrgChoice> {
  const orgs = await db.selectFrom('orgs').select(['id', 'name', 'time_zone', 'currency']).$if(!!orgId, (q) => q.where('id', '=', orgId!)).limit(20).execute();
  if (orgId && orgs.length === 0) throw new CliError(`There is no organisation with id "${orgId}".`);
  if (orgs.length === 0) {
    throw new CliError('There is no organisation yet. Add the first admin with --create-org "<company name>", or load the demo with `closeloop seed --demo`.');
  }
  if (orgs.length > 1) {
    throw new CliError(`There are several organisations; choose one with --org: ${orgs.map((o) => `${o.id} (${o.name})`).join(', ')}.`);
  }
  const org = orgs[0]!;
  return { id: org.id, name: org.name, timeZone: org.time_zone, currency: org.currency, isNew: false };
}

/** A team by id or by exact name within the organisation. */
async function findTeam(db: Executor, orgId: string, wanted: string): Promise<{ id: string; name: string }> {
  const teams = await db.selectFrom('teams').select(['id', 'name']).where('org_id', '=', orgId).orderBy('name').execute();
  const byId = teams.find((t) => t.id === wanted);
  if (byId) return byId;
  const byName = teams.filter((t) => t.name === wanted.trim());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new CliError(`Several teams are called "${wanted}"; give the id instead: ${byName.map((t) => t.id).join(', ')}.`);
  const known = teams.length > 0 ? ` Teams: ${teams.map((t) => `${t.name} (${t.id})`).join(', ')}.` : ' The organisation has no teams yet.';
  throw new CliError(`There is no team "${wanted}".${known}`);
}

const optionName = (field: string): string => (field === 'teamId' ? 'team' : field);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
