/**
 * Sample customers, contacts, leads and activities, made by the same row builders the API uses so seeded rows
 * are indistinguishable from entered ones (normal forms, search text). Shared by the demo and the benchmark seed.
 */
import {
  businessDayEndHour, defaultNextActionKinds, normalisePhone, searchText, type Industry, type LeadStage, type budgetBands, type companySizes,
  type decisionChains, type leadSources,
} from '@closeloop/core';
import type { ActivityRow, ContactRow, CustomerRow, LeadRow } from '../platform/db/schema.js';
import { buildCustomerRow } from '../modules/customers/index.js';
import { buildLeadRow } from '../modules/leads/index.js';
import type { SeededRandom } from './random.js';
import {
  brand, concerns, contactTitles, customerTags, departments, givenNames, industryTitles, industryWeights, industryWords,
  intentTags, nextSteps, productMentions, roads, surnames, type City,
} from './vocabulary.js';

const hour = 3_600_000;
const day = 24 * hour;

type Size = (typeof companySizes)[number];
type BudgetBand = (typeof budgetBands)[number];
type DecisionChain = (typeof decisionChains)[number];
type LeadSource = (typeof leadSources)[number];

/** A city as the seed knows it: its region row and the words to build addresses and phone numbers. */
export interface SeedCity extends City {
  regionId: string;
}

/** Someone who owns records, with the cities their team covers. */
export interface Seat {
  userId: string;
  teamId: string | null;
  cities: readonly SeedCity[];
}

/** A customer a lead can be linked to (won deals, upsell). */
export interface CustomerRef {
  id: string;
  name: string;
  industry: Industry;
  seat: Seat;
  city: SeedCity;
}

export interface SeedContext {
  rng: SeededRandom;
  orgId: string;
  /** The seed's "now", in ms; every date is placed before it. */
  now: number;
  /** Keeps generated phone numbers distinct, as real ones are. */
  phones: Set<string>;
  /** When given, customer names are kept distinct (demo); bulk data accepts the odd namesake. */
  customerNames?: Set<string>;
  /** When given, each lead's latest activity gets the summary of its text, as the API stores it (demo); bulk data has none. */
  summarise?: (text: string, occurredAt: string) => string | null;
}

export const personName = (rng: SeededRandom): string => rng.pick(surnames) + rng.pick(givenNames);

// Real mainland mobile prefixes. 199 is left out: benchmarks create leads with 199… numbers of their own.
const mobilePrefixes = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159',
  '166', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '195', '198',
] as const;

export function mobile(ctx: SeedContext): string {
  for (;;) {
    const number = `${ctx.rng.pick(mobilePrefixes)}${String(ctx.rng.int(0, 99_999_999)).padStart(8, '0')}`;
    if (!ctx.phones.has(number)) {
      ctx.phones.add(number);
      return number;
    }
  }
}

function landline(ctx: SeedContext, city: City): string {
  for (;;) {
    const digits = city.areaCode.length === 3 ? 8 : 7;
    const local = String(ctx.rng.int(2 * 10 ** (digits - 1), 10 ** digits - 1));
    const number = `${city.areaCode}-${local.slice(0, digits - 4)} ${local.slice(-4)}`;
    const normal = normalisePhone(number)!;
    if (!ctx.phones.has(normal)) {
      ctx.phones.add(normal);
      return number;
    }
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

// ——— customers ———

const sizeByIndustry: Partial<Record<Industry, ReadonlyArray<readonly [Size, number]>>> = {
  government: [['medium', 3], ['large', 5], ['enterprise', 2]],
  saas: [['micro', 2], ['small', 5], ['medium', 3], ['large', 1]],
};
const defaultSizes: ReadonlyArray<readonly [Size, number]> = [['micro', 1], ['small', 4], ['medium', 4], ['large', 2], ['enterprise', 1]];

const budgetBySize: Record<Size, ReadonlyArray<readonly [BudgetBand, number]>> = {
  micro: [['under_100k', 7], ['unknown', 3]],
  small: [['under_100k', 5], ['100k_500k', 3], ['unknown', 2]],
  medium: [['100k_500k', 5], ['500k_2m', 3], ['unknown', 2]],
  large: [['500k_2m', 5], ['over_2m', 3], ['unknown', 1]],
  enterprise: [['over_2m', 7], ['500k_2m', 2], ['unknown', 1]],
};
const chainBySize: Record<Size, ReadonlyArray<readonly [DecisionChain, number]>> = {
  micro: [['single', 8], ['unknown', 2]],
  small: [['single', 6], ['multi_level', 2], ['unknown', 2]],
  medium: [['multi_level', 6], ['single', 1], ['committee', 2], ['unknown', 1]],
  large: [['multi_level', 4], ['committee', 5], ['unknown', 1]],
  enterprise: [['committee', 8], ['multi_level', 2]],
};
/** Credit limits in whole yuan, by size: [lowest, highest], rounded to 10,000. */
const creditBySize: Record<Size, readonly [number, number]> = {
  micro: [20_000, 50_000], small: [50_000, 200_000], medium: [200_000, 1_000_000], large: [1_000_000, 5_000_000], enterprise: [5_000_000, 20_000_000],
};

function companyName(ctx: SeedContext, industry: Industry, city: City): { name: string; pinyin: string } {
  const { rng } = ctx;
  for (let attempt = 0; ; attempt++) {
    const b = brand((items) => rng.pick(items));
    const word = rng.pick(industryWords[industry]);
    let name: string;
    if (industry === 'government') name = `${city.name}市${rng.pick(city.districts)}${word}`;
    else {
      const form = rng.weighted([['有限公司', 7], ['股份有限公司', 2], ['集团有限公司', 1]] as const);
      const style = rng.weighted([['city', 5], ['plain', 3], ['branch', 2]] as const);
      name = style === 'city' ? `${city.name}${b.name}${word}${form}` : style === 'plain' ? `${b.name}${word}${form}` : `${b.name}${word}（${city.name}）${form}`;
    }
    if (!ctx.customerNames || !ctx.customerNames.has(name) || attempt > 50) {
      ctx.customerNames?.add(name);
      return { name, pinyin: b.pinyin };
    }
  }
}

export function makeCustomer(ctx: SeedContext, seat: Seat): { row: CustomerRow; ref: CustomerRef } {
  const { rng } = ctx;
  const city = rng.pick(seat.cities);
  const industry = rng.weighted(industryWeights);
  const size = rng.weighted(sizeByIndustry[industry] ?? defaultSizes);
  const { name, pinyin } = companyName(ctx, industry, city);
  const [low, high] = creditBySize[size];
  const creditYuan = Math.round(rng.int(low, high) / 10_000) * 10_000;
  const createdAt = ctx.now - rng.int(30 * day, 720 * day);
  const row = buildCustomerRow(
    { id: rng.idAt(createdAt), orgId: ctx.orgId, ownerId: seat.userId, teamId: seat.teamId, now: iso(createdAt) },
    {
      name,
      industry,
      regionId: city.regionId,
      city: city.name,
      address: `${city.name}市${rng.pick(city.districts)}${rng.pick(roads)}${rng.int(1, 999)}号`,
      size,
      budgetBand: rng.weighted(budgetBySize[size]),
      decisionChain: rng.weighted(chainBySize[size]),
      // New accounts are on prepayment until finance grants them credit.
      creditLimit: rng.chance(0.85) ? { minor: creditYuan * 100, currency: 'CNY' } : null,
      phone: landline(ctx, city),
      email: rng.chance(0.4) ? `${rng.pick(['info', 'sales', 'purchase', 'contact'])}@${pinyin}${rng.int(1, 999)}.com.cn` : null,
      tags: rng.some(customerTags, 3),
    },
  );
  // A customer has been worked on since it was entered; the last touch is some time in the last quarter.
  row.updated_at = iso(Math.max(createdAt, ctx.now - rng.int(0, 90 * day)));
  return { row, ref: { id: row.id, name, industry, seat, city } };
}

export function makeContacts(ctx: SeedContext, customer: CustomerRow): ContactRow[] {
  const { rng } = ctx;
  const titles = [...(industryTitles[customer.industry as Industry] ?? []), ...contactTitles];
  return Array.from({ length: rng.weighted([[1, 4], [2, 4], [3, 2]] as const) }, () => {
    const [title, decides] = rng.pick(titles);
    const phone = rng.chance(0.9) ? mobile(ctx) : null;
    const row: ContactRow = {
      id: rng.idAt(Date.parse(customer.created_at)),
      org_id: ctx.orgId,
      customer_id: customer.id,
      name: personName(rng),
      title,
      phone,
      phone_normal: normalisePhone(phone),
      email: null,
      is_decision_maker: decides && rng.chance(0.8) ? 1 : 0,
      search_text: '',
      status: 'active',
      version: 1,
      created_at: customer.created_at,
      updated_at: customer.created_at,
    };
    // The same fields the contacts module searches.
    row.search_text = searchText([row.name, row.title, row.phone, row.phone_normal, row.email]);
    return row;
  });
}

// ——— leads and their activities ———

const stageWeights: ReadonlyArray<readonly [LeadStage, number]> = [
  ['new', 18], ['contacted', 22], ['qualified', 18], ['proposal', 14], ['negotiation', 10], ['won', 10], ['lost', 8],
];
const sourceWeights: ReadonlyArray<readonly [LeadSource, number]> = [
  ['quick_add', 25], ['web_form', 18], ['referral', 14], ['exhibition', 12], ['cold_call', 12], ['import', 10], ['api', 5], ['other', 4],
];
const activitiesByStage: Record<LeadStage, readonly [number, number]> = {
  new: [0, 0], contacted: [1, 2], qualified: [2, 3], proposal: [2, 4], negotiation: [3, 5], won: [3, 5], lost: [1, 3],
};

/**
 * When a lead was last touched, in ms before now. Open leads are mostly worked this week, but a good share
 * has gone quiet for more than 72 hours, which is what the silence alert (A5) is for. All within 60 days once
 * moved into working hours.
 */
function quietFor(rng: SeededRandom, stage: LeadStage): number {
  if (stage === 'won' || stage === 'lost') return rng.int(3 * day, 59 * day);
  const band = rng.weighted([['this_week', 65], ['fortnight', 20], ['stale', 15]] as const);
  if (band === 'this_week') return rng.int(10 * 60_000, 3 * day);
  if (band === 'fortnight') return rng.int(3 * day, 14 * day);
  return rng.int(14 * day, 59 * day);
}

export function makeLead(ctx: SeedContext, seat: Seat, customers: readonly CustomerRef[]): { lead: LeadRow; activities: ActivityRow[] } {
  const { rng } = ctx;
  const stage = rng.weighted(stageWeights);
  const lastTouch = workingHours(rng, ctx.now - quietFor(rng, stage), ctx.now);
  // A new lead's only touch is its entry; a worked one was entered days or weeks before its last activity.
  const createdAt = stage === 'new' ? lastTouch : workingHours(rng, lastTouch - rng.int(2 * day, 90 * day), lastTouch);
  const linked = customers.length > 0 && (stage === 'won' || (stage !== 'new' && rng.chance(0.25))) ? rng.pick(customers) : null;
  const city = linked?.city ?? rng.pick(seat.cities);
  const industry = linked?.industry ?? rng.weighted(industryWeights);
  const company = linked?.name ?? companyName({ ...ctx, customerNames: undefined }, industry, city).name;
  const phone = rng.chance(0.92) ? mobile(ctx) : null;
  const lead = buildLeadRow(
    { id: rng.idAt(createdAt), orgId: ctx.orgId, ownerId: seat.userId, teamId: seat.teamId, now: iso(createdAt) },
    {
      name: personName(rng),
      company,
      phone,
      email: phone ? null : `${rng.pick(['wang', 'li', 'zhang', 'liu', 'chen'])}${rng.int(10, 9999)}@example.cn`,
      source: rng.weighted(sourceWeights),
      stage,
      industry,
      regionId: city.regionId,
      city: city.name,
      customerId: linked?.id ?? null,
      intentTags: rng.some(intentTags, 3),
    },
  );
  const [fewest, most] = activitiesByStage[stage];
  const count = rng.int(fewest, most);
  const times = activityTimes(rng, createdAt, lastTouch, count);
  const activities = times.map((at, i) => makeActivity(ctx, { leadId: lead.id, customerId: null, ownerId: seat.userId, industry, at, stage, last: i === count - 1 }));
  lead.first_contact_at = times.length > 0 ? iso(times[0]!) : null;
  // The lead's open next action is the latest one its activities planned, as the API keeps it.
  const planned = activities.filter((a) => a.next_action_kind !== null).at(-1);
  lead.next_action_kind = planned?.next_action_kind ?? null;
  lead.next_action_due_at = planned?.next_action_due_at ?? null;
  lead.next_action_note = planned?.next_action_note ?? null;
  const latest = activities.at(-1);
  if (latest && ctx.summarise) latest.summary = ctx.summarise(latest.text, latest.occurred_at);
  lead.last_activity_at = iso(lastTouch);
  lead.updated_at = iso(lastTouch);
  return { lead, activities };
}

/** Activity times from shortly after entry to the last touch, in order; the last one is the last touch. */
function activityTimes(rng: SeededRandom, createdAt: number, lastTouch: number, count: number): number[] {
  if (count === 0) return [];
  // Never before the lead was entered, never after its last touch.
  const within = (ms: number) => Math.min(lastTouch, Math.max(createdAt + 10 * 60_000, ms));
  const first = within(workingHours(rng, createdAt + rng.int(hour, 48 * hour), lastTouch));
  const times = Array.from({ length: count - 1 }, () => Math.max(first, within(workingHours(rng, first + Math.floor(rng.next() * (lastTouch - first)), lastTouch))));
  times.sort((a, b) => a - b);
  if (count > 1) times[0] = first;
  return [...times, lastTouch];
}

// Sample companies work in China (UTC+8 all year, no daylight saving).
const chinaOffset = 8 * hour;

/** A time on the same local day between 09:00 and 18:30, never after `latest`: nobody logs a visit at 3 a.m. */
function workingHours(rng: SeededRandom, ms: number, latest: number): number {
  const dayStart = Math.floor((ms + chinaOffset) / day) * day - chinaOffset;
  const at = dayStart + rng.int(9 * hour, 18.5 * hour);
  return at <= latest ? at : Math.min(latest, at - day);
}

/** Follow-ups logged against a customer itself: service visits, renewals, quarterly reviews. */
export function makeCustomerActivity(ctx: SeedContext, customer: CustomerRef): ActivityRow {
  const at = workingHours(ctx.rng, ctx.now - ctx.rng.int(hour, 90 * day), ctx.now);
  return makeActivity(ctx, { leadId: null, customerId: customer.id, ownerId: customer.seat.userId, industry: customer.industry, at, stage: null, last: false });
}

interface ActivityFacts {
  leadId: string | null;
  customerId: string | null;
  ownerId: string;
  industry: Industry;
  at: number;
  stage: LeadStage | null;
  last: boolean;
}

function makeActivity(ctx: SeedContext, facts: ActivityFacts): ActivityRow {
  const { rng } = ctx;
  const kind = rng.weighted([['call', 40], ['visit', 25], ['meeting', 15], ['note', 20]] as const);
  const duration = kind === 'call' ? rng.int(3, 30) : kind === 'visit' ? rng.int(40, 120) : kind === 'meeting' ? rng.int(30, 90) : null;
  // Logged on the phone right after it happened, give or take.
  const loggedAt = iso(Math.min(ctx.now, facts.at + rng.int(0, 20 * 60_000)));
  const text = activityText(rng, kind, facts);
  // A call, visit or meeting on a lead plans a next action (A4), the one its text names.
  const plan = facts.leadId && kind !== 'note' ? plannedKind(text, facts.stage) : null;
  return {
    id: rng.idAt(facts.at),
    org_id: ctx.orgId,
    kind,
    lead_id: facts.leadId,
    customer_id: facts.customerId,
    occurred_at: iso(facts.at),
    duration_minutes: duration,
    text,
    owner_id: facts.ownerId,
    next_action_kind: plan?.code ?? null,
    next_action_due_at: plan ? iso(dueAfter(facts.at, plan.defaultDueDays)) : null,
    next_action_note: null,
    summary: null,
    capture: facts.leadId ? (kind === 'visit' ? 'dictated' : 'typed') : null,
    status: 'active',
    version: 1,
    created_at: loggedAt,
    updated_at: loggedAt,
  };
}

/** The next step a sample text names, as the company's next-action kind it is. */
const kindOfStep: Record<(typeof nextSteps)[number], string> = {
  下周三安排技术演示: 'book_demo', 三天内发送报价单: 'send_quote', 约采购总监下周面谈: 'involve_purchasing', '发送方案 PDF': 'send_proposal',
  安排工程师现场调研: 'visit', 等待客户内部评审: 'call_back', 客户要求提供同行业案例: 'send_proposal', 本周五前确认预算: 'call_back',
  准备合同初稿: 'send_quote', 邀请客户参观样板工厂: 'visit',
};

/**
 * core's defaultDueAt for a UTC+8 company, by arithmetic: the end of the business day `days` after `at`, or the day
 * after when that has passed. Core's version reads the zone's rules, too slow for a million seeded activities.
 */
function dueAfter(at: number, days: number): number {
  const dayStart = Math.floor((at + chinaOffset) / day) * day - chinaOffset;
  const due = dayStart + days * day + businessDayEndHour * hour;
  return due > at ? due : due + day;
}

function plannedKind(text: string, stage: LeadStage | null) {
  const step = nextSteps.find((s) => text.includes(s));
  // A won deal's last visit plans the kick-off visit; a lost one a call back later.
  const code = step ? kindOfStep[step] : stage === 'won' ? 'visit' : 'call_back';
  return defaultNextActionKinds.find((k) => k.code === code)!;
}

function activityText(rng: SeededRandom, kind: 'call' | 'visit' | 'meeting' | 'note', facts: ActivityFacts): string {
  const concern = rng.pick(concerns[facts.industry]);
  const dept = rng.pick(departments);
  const next = rng.pick(nextSteps);
  const product = rng.pick(productMentions);
  if (facts.last && facts.stage === 'won') return `${product}合同已签署，客户${dept}确认付款计划，进入实施排期。`;
  if (facts.last && facts.stage === 'lost') {
    return `客户最终选择了${rng.pick(['竞品', '自研方案', '原有供应商'])}，主要原因是${rng.pick(['价格', concern, '交付周期'])}，保持联系，明年再跟进。`;
  }
  if (facts.customerId) {
    return rng.pick([
      `季度回访${dept}，客户对${product}使用情况满意，提出${concern}方面的新需求。`,
      `续约沟通：客户希望在${concern}上增加功能，${next}。`,
      `售后回访，${product}运行稳定，客户关注${concern}，${next}。`,
    ]);
  }
  switch (kind) {
    case 'call':
      return `电话联系${dept}，客户关注${concern}，${next}。`;
    case 'visit':
      return `拜访${dept}，客户关注${concern}，现场了解了${product}的需求，${next}。`;
    case 'meeting':
      return `与客户${dept}开会评审${product}方案，对方提出${concern}方面的顾虑，${next}。`;
    case 'note':
      return `客户预算约${rng.int(5, 300)}万元，${rng.pick(['总经理拍板', '需要采购委员会评审', '由IT部门牵头、财务会签'])}；重点关注${concern}。${next}。`;
  }
}
