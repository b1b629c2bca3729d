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
      { file: 'en-phone-home', device: 'phone', login: 'rep1', path: '/m', locale: 'en' },
      { file: 'en-desktop-lead-health', device: 'desktop', login: 'manager.east', path: '/lead-health', locale: 'en' },
      { file: 'en-desktop-leads', device: 'desktop', login: 'manager.east', path: '/leads', locale: 'en' },
    ];
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

await main();
