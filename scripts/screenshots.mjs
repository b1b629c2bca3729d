/**
 * `npm run screenshots`: starts the demo server (built, on a throw-away database), opens the main pages in Chromium at
 * phone (390×844) and desk (1440×900) size, and saves them to docs/screenshots/ — in zh-CN, plus two in English.
 * Each page is taken once its loading skeletons are gone. Prints the files it wrote; exits 1 if a page failed.
 */
/* global document */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { contextOptions, chromiumAvailable, chromiumMissingMessage, launchChromium } from '../packages/web/e2e/support/chromium.mjs';
import { apiSession, buildAll, signInContext, startDemoProcess } from '../packages/web/e2e/support/demo-process.mjs';
import { repoRoot } from '../packages/web/e2e/support/web-build.mjs';

const outDir = path.join(repoRoot, 'docs/screenshots');

if (!chromiumAvailable()) {
  console.error(chromiumMissingMessage);
  process.exit(1);
}

// What a page shows while it loads; a screenshot waits until none of it is visible.
const loadingSelector = ['.boot', '.phone-loading', '.ant-skeleton', '.adm-skeleton', '.ant-spin-spinning', '.adm-dot-loading'].join(', ');
// What a page shows once the app has mounted: the sign-in card, the phone's page area, the desk's content area.
const mountedSelector = '.login-card, .phone-body > :not(.phone-loading), .ant-layout-content > :not(.ant-skeleton)';

/** Waits until the app has mounted and nothing has been loading for three checks in a row (lazy chunks, queries). */
async function settle(page) {
  const deadline = Date.now() + 20_000;
  let quiet = 0;
  while (quiet < 3) {
    if (Date.now() > deadline) {
      console.warn(`  still loading after 20 s: ${page.url()}`);
      break;
    }
    const settled = await page.evaluate(
      ([mounted, loading]) =>
        !!document.querySelector(mounted) && ![...document.querySelectorAll(loading)].some((node) => node.getClientRects().length > 0),
      [mountedSelector, loadingSelector],
    );
    quiet = settled ? quiet + 1 : 0;
    await page.waitForTimeout(250);
  }
  await page.evaluate(() => document.fonts.ready);
  // Charts and list animations finish.
  await page.waitForTimeout(600);
}

async function main() {
  await buildAll();
  const server = await startDemoProcess();
  const browser = await launchChromium();
  const failures = [];
  try {
    const base = server.url;
    // Records to open: the rep's own newest lead, a customer the east manager sees; and something in the inbox.
    const rep = await apiSession(base, 'rep1');
    const manager = await apiSession(base, 'manager.east');
    const admin = await apiSession(base, 'admin');
    const leads = (await rep.call('GET', '/leads?limit=20')).items;
    const lead = leads.find((item) => item.phone) ?? leads[0];
    const customer = (await manager.call('GET', '/customers?limit=1')).items[0];
    await admin.call('POST', '/admin/notifications/test', { userIds: [manager.user.id, rep.user.id] });

    const plan = await commissionPlan(base, rep);
    const docs = await documentStory(base, rep);
    const commissions = await commissionStory(base, rep, docs, plan);

    const shots = [
      { file: 'login-phone', device: 'phone', login: null, path: '/login' },
      { file: 'phone-home', device: 'phone', login: 'rep1', path: '/m' },
      { file: 'phone-quick-add', device: 'phone', login: 'rep1', path: '/m/leads/new' },
      { file: 'phone-lead', device: 'phone', login: 'rep1', path: `/m/leads/${lead?.id}` },
      { file: 'desktop-leads', device: 'desktop', login: 'manager.east', path: '/leads' },
      { file: 'desktop-customer-360', device: 'desktop', login: 'manager.east', path: `/customers/${customer?.id}` },
      { file: 'desktop-dashboard', device: 'desktop', login: 'manager.east', path: '/dashboard' },
      { file: 'desktop-inbox', device: 'desktop', login: 'manager.east', path: '/inbox' },
      { file: 'desktop-admin-users', device: 'desktop', login: 'admin', path: '/admin/users' },
      { file: 'phone-log-activity', device: 'phone', login: 'rep1', path: `/m/log?leadId=${lead?.id}` },
      { file: 'phone-screening-card', device: 'phone', login: 'rep1', path: `/m/leads/${lead?.id}/screening` },
      { file: 'phone-silent-leads', device: 'phone', login: 'rep1', path: '/m/silent-leads' },
      { file: 'desktop-lead-health', device: 'desktop', login: 'manager.east', path: '/lead-health' },
      { file: 'desktop-silent-leads', device: 'desktop', login: 'manager.east', path: '/silent-leads' },
      { file: 'desktop-admin-talk-tracks', device: 'desktop', login: 'admin', path: '/admin/talk-tracks' },
      { file: 'desktop-admin-steward', device: 'desktop', login: 'admin', path: '/admin/steward' },
      { file: 'desktop-contracts', device: 'desktop', login: 'rep1', path: '/contracts' },
      { file: 'desktop-contract-editor', device: 'desktop', login: 'rep1', path: `/contracts/${docs.draft}/edit` },
      { file: 'desktop-contract-checks', device: 'desktop', login: 'rep1', path: `/contracts/${docs.failing}` },
      { file: 'desktop-contract-life', device: 'desktop', login: 'manager.sh1', path: `/contracts/${docs.signed}?tab=life` },
      { file: 'desktop-approvals', device: 'desktop', login: 'manager.sh1', path: '/approvals' },
      { file: 'desktop-receipts', device: 'desktop', login: 'ops', path: '/receipts' },
      { file: 'desktop-sales-figures', device: 'desktop', login: 'manager.sh1', path: '/figures' },
      { file: 'desktop-flash', device: 'desktop', login: 'ops', path: `/flash/${docs.today}` },
      { file: 'desktop-admin-documents', device: 'desktop', login: 'admin', path: '/admin/documents' },
      { file: 'phone-contracts', device: 'phone', login: 'rep1', path: '/m/contracts' },
      { file: 'phone-contract-life', device: 'phone', login: 'rep1', path: `/m/contracts/${docs.signed}` },
      { file: 'en-desktop-contract-checks', device: 'desktop', login: 'manager.sh1', path: `/contracts/${docs.failing}`, locale: 'en' },
      { file: 'en-phone-home', device: 'phone', login: 'rep1', path: '/m', locale: 'en' },
      { file: 'en-desktop-lead-health', device: 'desktop', login: 'manager.east', path: '/lead-health', locale: 'en' },
      { file: 'en-desktop-leads', device: 'desktop', login: 'manager.east', path: '/leads', locale: 'en' },
      { file: 'desktop-commission-statement', device: 'desktop', login: 'rep1', path: `/commissions/statement?period=${commissions.period}` },
      { file: 'desktop-commission-statements', device: 'desktop', login: 'ops', path: `/commissions/statement?period=${commissions.period}&person=${rep.user.id}` },
      { file: 'desktop-commission-plans', device: 'desktop', login: 'ops', path: '/commissions/plans' },
      { file: 'desktop-commission-try', device: 'desktop', login: 'ops', path: '/commissions/try', act: runExample },
      { file: 'desktop-commission-periods', device: 'desktop', login: 'ops', path: `/commissions/periods?period=${commissions.period}&recalculation=${commissions.recalculation}` },
      { file: 'phone-commission-statement', device: 'phone', login: 'rep1', path: `/m/commissions?period=${commissions.period}` },
      { file: 'en-desktop-commission-statement', device: 'desktop', login: 'rep1', path: `/commissions/statement?period=${commissions.period}`, locale: 'en' },
    ];
    // `npm run screenshots -- <pattern>` retakes only the shots whose file name matches (e.g. "contract|flash").
    const only = process.argv[2] ? new RegExp(process.argv[2]) : null;
    if (only) shots.splice(0, shots.length, ...shots.filter((shot) => only.test(shot.file)));
    mkdirSync(outDir, { recursive: true });
    // One sign-in per person, its cookies reused for their other shots: sign-ins are rate limited.
    const signedIn = new Map();
    for (const shot of shots) {
      const locale = shot.locale ?? 'zh-CN';
      const storageState = shot.login ? signedIn.get(shot.login) : undefined;
      const context = await browser.newContext({ ...contextOptions(shot.device, { locale, deviceScaleFactor: shot.device === 'phone' ? 2 : 1 }), baseURL: base, storageState });
      const errors = [];
      try {
        if (shot.login && !storageState) {
          await signInContext(context, base, shot.login);
          signedIn.set(shot.login, await context.storageState());
        }
        const page = await context.newPage();
        page.on('pageerror', (error) => errors.push(error.message));
        // A signed-out page asks who is signed in and gets the expected 401; anything else is worth a look.
        page.on('console', (message) => message.type() === 'error' && !(shot.login === null && message.text().includes('401')) && errors.push(message.text()));
        await page.goto(shot.path);
        await settle(page);
        if (shot.act) {
          await shot.act(page);
          await settle(page);
        }
        const file = path.join(outDir, `${shot.file}.png`);
        await page.screenshot({ path: file });
        console.log(`${path.relative(repoRoot, file)}  ${shot.device} ${locale} ${shot.path}${errors.length ? `  (page errors: ${errors.join('; ')})` : ''}`);
      } catch (error) {
        failures.push(shot.file);
        console.error(`${shot.file}: ${error.message}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (failures.length > 0) {
    console.error(`failed: ${failures.join(', ')}`);
    process.exit(1);
  }
}

/** The try page after "use the example" and "run". */
async function runExample(page) {
  await page.getByTestId('try-example').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="try-plan"]')?.value.includes('east-ae'));
  await page.getByTestId('try-run').click();
  await page.getByTestId('try-results').waitFor();
}

/** Commission plan text for the story: quarterly tiers on collected money and a manager override, from 1 January. */
const commissionPlanText = (year, version, rates) => `# 华东大区销售提成方案：回款按季度累计分档，主管按团队回款得管理提成
id: east-ae
version: ${version}
name: 华东大区销售提成方案 ${year}
currency: CNY
period: quarter
effective: { from: ${year}-01-01 }
rounding: { mode: half-up }
components:
  - id: base
    name: 回款提成
    type: table
    measure: amount
    basis: period
    method: marginal
    bands:
      - { upTo: 60000, rate: ${rates[0]} }
      - { rate: ${rates[1]} }
  - id: override
    name: 管理提成
    type: override
    levels:
      - { rate: 1% }
`;

/** Before any payment: ops saves the plan and assigns it to rep1 and their manager, so confirmed payments pay at once. */
async function commissionPlan(base, rep) {
  const ops = await apiSession(base, 'ops');
  const manager = await apiSession(base, 'manager.sh1');
  const year = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4);
  await ops.call('POST', '/commission/plans', { source: commissionPlanText(year, 1, ['2%', '3%']) });
  for (const person of [rep.user.id, manager.user.id]) {
    await ops.call('POST', '/commission/assignments', { planKey: 'east-ae', personId: person, fromOn: `${year}-01-01` });
  }
  return { year };
}

/**
 * After the document story's part payment: a second payment on the same contract that crosses the 60,000 band, then
 * plan v2 with higher rates and a recalculation proposed for the quarter (left for someone to accept), so the
 * statement has slices to explain and the periods page a difference to show.
 */
async function commissionStory(base, rep, docs, plan) {
  const ops = await apiSession(base, 'ops');
  const contract = await rep.call('GET', `/contracts/${docs.signed}`);
  const receipt = await ops.call('POST', '/receipts', {
    customerId: contract.customerId, amountMinor: 3_000_000, receivedOn: docs.today, bankReference: 'CMB20261127-0051', payerName: contract.customerName,
    allocations: [{ contractId: docs.signed, amountMinor: 3_000_000 }],
  });
  await ops.call('POST', `/receipts/${receipt.id}/confirm`, { version: receipt.version });
  const month = Number(docs.today.slice(5, 7));
  const period = `${plan.year}-Q${Math.floor((month - 1) / 3) + 1}`;
  // The reaction pays within moments of the confirmation; the recalculation compares against those lines.
  for (let i = 0; i < 40; i++) {
    const statements = await ops.call('GET', `/commission/statements?period=${period}`);
    if (statements.items.some((item) => item.personId === rep.user.id && item.lineCount >= 2)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await ops.call('POST', '/commission/plans', { source: commissionPlanText(plan.year, 2, ['2.5%', '3.5%']) });
  const recalculation = await ops.call('POST', '/commission/recalculations', { period, reason: '方案 v2：基础提成上调 0.5 个百分点' });
  return { period, recalculation: recalculation.id };
}

/**
 * Documents to photograph (the demo seed has none): as rep1, a draft; a contract over its customer's credit limit,
 * submitted and waiting for the team manager; and one approved by the manager and finance, with an order, a shipment
 * and a confirmed part payment, so its life has a story to tell.
 */
async function documentStory(base, rep) {
  const manager = await apiSession(base, 'manager.sh1');
  const ops = await apiSession(base, 'ops');
  const customers = (await rep.call('GET', `/customers?ownerId=${rep.user.id}&limit=100`)).items;
  const limited = customers.filter((c) => c.creditLimit).sort((a, b) => a.creditLimit.minor - b.creditLimit.minor);
  const roomy = customers.find((c) => !c.creditLimit) ?? limited.at(-1);
  const product = (await rep.call('GET', '/products?q=CL-MES-STD&limit=1')).items[0];
  const service = (await rep.call('GET', '/products?q=SVC-IMPL-ONSITE&limit=1')).items[0];
  const line = (item, quantity, unitPriceMinor = item.listPrice.minor) => ({ productId: item.id, quantity, unitPriceMinor });
  const create = (customer, title, lines, extra = {}) => rep.call('POST', '/contracts', { customerId: customer.id, title, lines, ...extra });
  const submit = (c) => rep.call('POST', `/contracts/${c.id}/submit`, { version: c.version });

  const draft = await create(roomy, 'CRM 企业版 50 用户 + 培训', [line(product, 1), line(service, 5)], { paymentTermsDays: 45 });
  const over = limited[0];
  const failing = await submit(await create(over, 'MES 标准版 扩产线采购', [line(product, Math.floor(over.creditLimit.minor / product.listPrice.minor) + 1), line(service, 10, service.floorPrice.minor - 20_000)], { shipmentBeforePayment: false }));
  let signed = await submit(await create(roomy, 'MES 标准版 年度许可 + 驻场实施', [line(product, 1), line(service, 8)]));
  for (const caller of [manager, ops]) {
    const step = (await caller.call('GET', '/approvals?status=pending')).items.find((item) => item.contractId === signed.id);
    if (step) signed = await caller.call('POST', `/contracts/${signed.id}/approvals/${step.approvalId}/approve`, { comment: '同意' });
  }
  const order = await rep.call('POST', '/purchase-orders', { contractId: signed.id, customerReference: 'PO-2026-118' });
  await rep.call('POST', `/purchase-orders/${order.id}/confirm`, { version: order.version });
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const shipment = await rep.call('POST', '/shipments', { contractId: signed.id, orderId: order.id, plannedOn: today, carrier: '顺丰速运' });
  await rep.call('POST', `/shipments/${shipment.id}/ship`, { version: shipment.version, trackingNo: 'SF1234567890' });
  const receipt = await ops.call('POST', '/receipts', {
    customerId: roomy.id, amountMinor: 5_000_000, receivedOn: today, bankReference: 'CMB20261127-0042', payerName: roomy.name,
    allocations: [{ contractId: signed.id, amountMinor: 5_000_000 }],
  });
  await ops.call('POST', `/receipts/${receipt.id}/confirm`, { version: receipt.version });
  await ops.call('POST', '/receipts', { customerId: over.id, amountMinor: 1_200_000, receivedOn: today, bankReference: 'ICBC20261127-0007', payerName: over.name, allocations: [] });
  return { draft: draft.id, failing: failing.id, signed: signed.id, today };
}

await main();
