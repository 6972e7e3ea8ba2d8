import { expect } from 'chai';
import { join } from 'path';
import { Browser } from 'playwright-core';
import { BalieService } from '../../app/service';
import { ARTIFACTS_DIR, launchChromium } from '../helpers/browser';
import { startTestService, tempDir } from '../helpers/fixtures';

describe('web chat demo page in Chromium', function () {
  this.timeout(120_000);
  let dir: ReturnType<typeof tempDir>;
  let service: BalieService;
  let base: string;
  let browser: Browser;

  before(async () => {
    dir = tempDir();
    ({ service, base } = await startTestService(dir.path, { BALIE_BCRYPT_ROUNDS: '4' }));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await service?.close();
    dir?.cleanup();
  });

  it('greets, answers a typed question, runs a flow with buttons, and keeps the chat over a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 }, locale: 'nl-NL' });
    const failedRequests: string[] = [];
    page.on('requestfailed', (r) => failedRequests.push(r.url()));
    await page.goto(`${base}/`);
    await page.getByText('Ik ben de digitale assistent van Huisje & Co').first().waitFor({ timeout: 30_000 });

    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('Hoeveel kost verzenden naar België?');
    await input.press('Enter');
    await page.getByText('Naar België kost het € 6,95').first().waitFor();

    await input.fill('waar is bestelling 100002');
    await input.press('Enter');
    await page.getByText('Wat is de postcode van het bezorgadres?').first().waitFor();
    await input.fill('1234 AB');
    await input.press('Enter');
    await page.getByText('bezorgd door DHL').first().waitFor();
    await page.getByRole('button', { name: 'Retour aanmelden' }).first().click();
    await page.getByText('Ik kijk naar bestelling 100002, die je eerder noemde').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'web-chat.png'), fullPage: true });

    await page.reload();
    await page.getByText('bezorgd door DHL').first().waitFor({ timeout: 30_000 });
    expect(failedRequests.filter((url) => !url.startsWith('data:'))).to.deep.equal([]);
    await page.close();
  });
});
