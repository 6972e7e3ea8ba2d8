import { expect } from 'chai';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Browser, Page } from 'playwright-core';
import { BalieService } from '../../app/service';
import { ARTIFACTS_DIR, launchChromium, seriousAccessibilityFindings } from '../helpers/browser';
import { startTestService, tempDir } from '../helpers/fixtures';
import { messageActivity, request } from '../helpers/httpClient';

const INJECTION = '<img src=x onerror="window.__pwned=1"> mail me at jan@example.nl';

describe('analytics dashboard in Chromium', function () {
  this.timeout(120_000);
  let dir: ReturnType<typeof tempDir>;
  let service: BalieService;
  let base: string;
  let browser: Browser;
  let page: Page;

  const say = (conversation: string, text: string, channelId = 'test') =>
    request(base, 'POST', '/api/messages', messageActivity(conversation, text, { channelId }));

  before(async () => {
    dir = tempDir();
    ({ service, base } = await startTestService(dir.path, {
      BALIE_BUSINESS_HOURS: 'always',
      BALIE_ADMIN_PASSWORD: 'dashboard-password',
      BALIE_BCRYPT_ROUNDS: '4',
    }));
    // Conversations of several kinds on two channels.
    await say('d-1', 'wat zijn de verzendkosten');
    await say('d-1', '👍');
    await say('d-1', '6');
    await say('d-2', 'which payment methods do you accept?');
    await say('d-2', 'thanks');
    await say('d-2', '2');
    await say('d-2', INJECTION);
    await say('d-3', 'hoe laat rinkelt de pakjesman bij mij aan', 'emulator');
    await say('d-4', 'hoe laat zijn jullie open', 'emulator');
    await say('d-4', '👍', 'emulator');
    await say('d-4', '7', 'emulator');
    // Nobody online: a ticket instead of a queue.
    await say('d-5', 'Ik wil een medewerker spreken');
    await say('d-5', 'ja');
    await say('d-5', 'klant@example.nl');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  });

  after(async () => {
    await browser?.close();
    await service?.close();
    dir?.cleanup();
  });

  const kpi = (key: string) => page.locator(`[data-kpi="${key}"] .value`).innerText();
  // The page stamps <body data-loaded> after each complete refresh.
  const loadedAfter = async (previous: string | undefined) => {
    await page.waitForFunction((before) => {
      const loaded = (globalThis as any).document.body.dataset.loaded;
      return loaded !== undefined && loaded !== before;
    }, previous);
    return page.evaluate(() => (globalThis as any).document.body.dataset.loaded as string);
  };

  it('shows charts and numbers, filters, exports CSV, and adds an unrecognised message as an example', async () => {
    await page.goto(`${base}/admin/analytics`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('dashboard-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    const loaded = await loadedAfter(undefined);

    expect(await kpi('conversations')).to.equal('5');
    // The service desk: one ticket (d-5), nobody waiting; nothing the period before, so no change to show.
    const deskRow = async (label: string) => (await page.locator('#desk-period tr', { hasText: label }).innerText()).split('\t');
    expect(await deskRow('Handoffs')).to.deep.equal(['Handoffs (live and tickets)', '1', '0', '+1']);
    expect(await deskRow('Median wait')).to.deep.equal(['Median wait in the queue', '–', '–', '–']);
    expect(await page.locator('[data-live="waiting"] .value').innerText()).to.equal('0');
    expect(await kpi('containment')).to.equal('60.0%');
    expect(await kpi('handoff')).to.equal('20.0%');
    expect(await kpi('ces')).to.equal('5.00 (3)');
    // Every chart was drawn by Chart.js, with pixels on its canvas.
    const charts = await page.evaluate(() =>
      [...(globalThis as any).document.querySelectorAll('canvas')].map((canvas: any) => {
        const chart = (globalThis as any).Chart.getChart(canvas);
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        return { id: canvas.id, hasChart: chart !== undefined, painted };
      }),
    );
    expect(charts).to.have.length(5);
    for (const c of charts) expect(c.hasChart && c.painted > 100, JSON.stringify(c)).to.equal(true);

    // The low-CES comment is shown as text, masked, and nothing in it runs.
    const comment = await page.locator('#comments li').first().innerText();
    expect(comment).to.include('<img src=x onerror="window.__pwned=1"> mail me at [email]');
    expect(await page.evaluate(() => (globalThis as any).__pwned)).to.equal(undefined);

    await page.screenshot({ path: join(ARTIFACTS_DIR, 'analytics-dashboard.png'), fullPage: true });
    expect(await seriousAccessibilityFindings(page), 'axe on the dashboard with data').to.deep.equal([]);

    // Filter: the emulator channel only.
    await page.locator('#filter-channel').selectOption('emulator');
    await loadedAfter(loaded);
    expect(await kpi('conversations')).to.equal('2');
    expect(await kpi('ces')).to.equal('7.00 (1)');

    // CSV download of what is shown.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    // Named after the filter's first and last day, as the filter shows them.
    const [from, to] = [await page.inputValue('#filter-from'), await page.inputValue('#filter-to')];
    expect(download.suggestedFilename()).to.equal(`balie-conversations-${from}-${to}.csv`);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).to.match(/^conversation_id,started_at,channel/);
    expect(csv).to.have.length(3);
    expect(csv.slice(1).every((line) => line.includes(',emulator,'))).to.equal(true);

    // Close the loop: the unrecognised message becomes an example of delivery.time.
    const row = page.locator('#unrecognised tbody tr', { hasText: 'hoe laat rinkelt de pakjesman bij mij aan' });
    await row.locator('select').selectOption('delivery.time');
    await row.getByRole('button', { name: 'Add example' }).click();
    await page.getByText(/the model was retrained in \d+ ms/).waitFor();
    await page.locator('#examples tbody tr', { hasText: 'hoe laat rinkelt de pakjesman bij mij aan' }).waitFor();
    const parsed = await request(base, 'POST', '/api/nlu/parse', { text: 'hoe laat rinkelt de pakjesman bij mij aan' });
    expect(parsed.body.intent.name).to.equal('delivery.time');
  });

  it('shows the desk now changing as a customer joins the queue', async () => {
    const token = (await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'dashboard-password' })).body.token;
    await request(base, 'POST', '/api/agent/status', { status: 'online' }, { authorization: `Bearer ${token}` });
    await say('d-live', 'Ik wil een medewerker spreken');
    await page.waitForSelector('[data-live="waiting"] .value:text-is("1")', { timeout: 15_000 });
    expect(await page.locator('[data-live="agents-online"] .value').innerText()).to.equal('1');
  });

  it('gives every chart a name and its numbers as a table, and says "no data" for an empty period', async () => {
    expect(await page.getAttribute('#chart-ces-distribution', 'role')).to.equal('img');
    expect(await page.getAttribute('#chart-ces-distribution', 'aria-label')).to.include('CES distribution');
    const toggle = page.locator('figure:has(#chart-ces-distribution) .show-table');
    expect(await toggle.innerText()).to.equal('Show as table');
    await toggle.click();
    expect(await toggle.innerText()).to.equal('Hide table');
    const rows = await page.locator('#chart-ces-distribution-table tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).to.deep.equal(['1', '2', '3', '4', '5', '6', '7']);
    expect(await toggle.getAttribute('aria-expanded')).to.equal('true');

    await page.fill('#filter-from', '2026-01-01');
    await page.fill('#filter-to', '2026-01-31');
    // Taken once both dates are in: a load started by the first date alone is stale by now and
    // never marks the page loaded (it could finish after the marker was read, with last year's numbers).
    const previous = await page.evaluate(() => (globalThis as any).document.body.dataset.loaded as string);
    await page.locator('#filter-to').dispatchEvent('change');
    await loadedAfter(previous);
    expect(await kpi('conversations')).to.equal('0');
    expect(await kpi('containment')).to.equal('–');
    expect(await page.locator('.no-data:visible').count()).to.be.greaterThan(0);
    expect(await page.isVisible('#desk-empty')).to.equal(true);
    expect(await seriousAccessibilityFindings(page), 'axe on an empty period').to.deep.equal([]);

    // In Dutch, the choice remembered for the console too.
    await page.selectOption('#ui-language', 'nl');
    await page.waitForSelector('#desk-now-title:has-text("De balie nu")');
    await page.waitForSelector('[data-kpi="conversations"] .label:text-is("Gesprekken")');
    expect(await page.getAttribute('html', 'lang')).to.equal('nl');
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('balie.language'))).to.equal('nl');
    await page.selectOption('#ui-language', 'en');
  });

  it('fits a phone: no sideways scrolling of the page', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.goto(`${base}/admin/analytics`);
    await phone.getByLabel('Username').fill('admin');
    await phone.getByLabel('Password').fill('dashboard-password');
    await phone.getByRole('button', { name: 'Log in' }).click();
    await phone.waitForFunction(() => (globalThis as any).document.body.dataset.loaded !== undefined);
    const widths = await phone.evaluate(() => ({ page: (globalThis as any).document.documentElement.scrollWidth, view: (globalThis as any).innerWidth }));
    expect(widths.page).to.be.at.most(widths.view);
    await phone.screenshot({ path: join(ARTIFACTS_DIR, 'analytics-dashboard-phone.png'), fullPage: true });
    await phone.close();
  });
});
