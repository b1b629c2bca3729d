/**
 * Exports on the desk share one download button (lib/download-button.tsx): a manager saves the flash report and the
 * lead-health board as spreadsheets named by the server, and when the server fails the button says so in the
 * reader's language instead of leaving the click unanswered.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, useDemo } from './support/harness.js';

describe.skipIf(!hasChromium)('exports on the desk (browser)', () => {
  const demo = useDemo();

  it('a manager downloads the flash report and the lead-health board, and is told when a download fails', async () => {
    const page = await demo.page('desktop', 'manager.sh1');
    await page.goto('/flash');
    const [flash] = await Promise.all([page.waitForEvent('download'), page.getByTestId('flash-download').click()]);
    expect(flash.suggestedFilename()).toMatch(/\.xlsx$/);

    await page.goto('/lead-health');
    const [health] = await Promise.all([page.waitForEvent('download'), page.getByTestId('health-download').click()]);
    expect(health.suggestedFilename()).toMatch(/\.xlsx$/);

    // The server failing: the button stops spinning and the failure is named.
    await page.goto('/flash');
    await page.route('**/api/v1/flash-reports/*/xlsx', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"INTERNAL","message":""}}' }));
    await page.getByTestId('flash-download').click();
    await page.getByText('Excel 下载失败: 服务器出了点问题，请稍后再试。').waitFor();
    expect(await page.getByTestId('flash-download').isEnabled()).toBe(true);
  });
});
