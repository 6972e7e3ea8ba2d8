import { expect } from 'chai';
import { join } from 'path';
import { ARTIFACTS_DIR, seriousAccessibilityFindings, useServiceInChromium } from '../helpers/browser';

describe('web chat demo page in Chromium', function () {
  this.timeout(120_000);
  const running = useServiceInChromium({ BALIE_BCRYPT_ROUNDS: '4' });

  it('greets, answers a typed question, runs a flow with buttons, and keeps the chat over a reload', async () => {
    const page = await running.browser.newPage({ viewport: { width: 900, height: 1000 }, locale: 'nl-NL' });
    const failedRequests: string[] = [];
    page.on('requestfailed', (r) => failedRequests.push(r.url()));
    await page.goto(`${running.base}/`);
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
    expect(await seriousAccessibilityFindings(page), 'axe on the chat page').to.deep.equal([]);

    await page.reload();
    await page.getByText('bezorgd door DHL').first().waitFor({ timeout: 30_000 });
    expect(failedRequests.filter((url) => !url.startsWith('data:'))).to.deep.equal([]);
    await page.close();
  });
});
