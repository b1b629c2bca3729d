/**
 * The browser the tests, screenshots and benchmarks drive: the machine's own Chromium (Debian's package; CI installs
 * it), never a downloaded browser build. One place for its path, flags and the two screen sizes we care about.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Quiet and deterministic: no background traffic, no component updates, no QUIC, no GPU in a VM.
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A phone as reps hold it (iPhone 12–15 class) and a desk monitor. */
export const phoneViewport = { width: 390, height: 844 };
export const desktopViewport = { width: 1440, height: 900 };

/** Where a failing browser test leaves its screenshots and the browser's errors (emptied at the start of a run). */
export const failureDir = path.join(os.tmpdir(), 'closeloop-e2e-failures');

export function chromiumAvailable() {
  return existsSync(chromiumPath);
}

export const chromiumMissingMessage =
  `Chromium not found at ${chromiumPath}: the browser tests are skipped. Install it with ` +
  '`apt-get install chromium` (or set CHROMIUM_PATH) to run them; CI installs it and never skips them.';

/** Launches headless Chromium through playwright-core. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/**
 * Options for a new browser context: a phone (touch, mobile viewport) or a desk, in a language. A fresh context has
 * an empty cache, cookie jar and storage, so every context is a first visit.
 * @param {'phone' | 'desktop'} device
 * @param {{ locale?: string, deviceScaleFactor?: number }} [options]
 */
export function contextOptions(device, options = {}) {
  const locale = options.locale ?? 'zh-CN';
  const common = { locale, timezoneId: 'Asia/Shanghai', serviceWorkers: /** @type {const} */ ('block') };
  return device === 'phone'
    ? { ...common, viewport: phoneViewport, isMobile: true, hasTouch: true, deviceScaleFactor: options.deviceScaleFactor ?? 1 }
    : { ...common, viewport: desktopViewport, deviceScaleFactor: options.deviceScaleFactor ?? 1 };
}
