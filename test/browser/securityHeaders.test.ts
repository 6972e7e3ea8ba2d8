import { expect } from 'chai';
import { Page } from 'playwright-core';
import { useServiceInChromium } from '../helpers/browser';
import { request } from '../helpers/httpClient';

const PASSWORD = 'headers-password';

/** The Content-Security-Policy complaints Chromium writes to a page's console. */
function cspViolations(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) found.push(`${page.url()}: ${message.text()} @ ${JSON.stringify(message.location())}`);
  });
  return found;
}

describe('security headers and a strict CSP, in Chromium', function () {
  this.timeout(120_000);
  const running = useServiceInChromium({
    BALIE_ADMIN_PASSWORD: PASSWORD,
    BALIE_BCRYPT_ROUNDS: '4',
    BALIE_WEBCHAT_ORIGINS: 'https://www.shop.example',
  });

  it('sends the headers on every page, without unsafe-inline or unsafe-eval, and lets only the chat be framed by the shop', async () => {
    const nonces = new Set<string>();
    for (const path of ['/', '/agent/', '/admin/analytics', '/api/agent/queue']) {
      const response = await request(running.base, 'GET', path);
      const csp = String(response.headers['content-security-policy']);
      expect(csp, path).to.include("default-src 'self'").and.include("script-src 'self'").and.include("object-src 'none'");
      expect(csp, path).not.to.match(/unsafe-inline|unsafe-eval/);
      expect(csp, path).to.include(path === '/' ? "frame-ancestors 'self' https://www.shop.example" : "frame-ancestors 'none'");
      expect(response.headers['x-content-type-options'], path).to.equal('nosniff');
      expect(response.headers['referrer-policy'], path).to.equal('no-referrer');
      expect(response.headers['strict-transport-security'], path).to.match(/max-age=31536000/);
      nonces.add(/'nonce-([^']+)'/.exec(csp)![1]);
    }
    expect(nonces.size, 'a new nonce per response').to.equal(4);
  });

  it('runs Web Chat, the agent console and the dashboard without a single CSP violation', async () => {
    const page = await running.browser.newPage({ locale: 'nl-NL' });
    const violations = cspViolations(page);
    await page.goto(`${running.base}/`);
    await page.getByText('Ik ben de digitale assistent van Huisje & Co').first().waitFor({ timeout: 30_000 });
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('wat zijn de verzendkosten?');
    await input.press('Enter');
    await page.getByText('€ 4,95').first().waitFor();

    await page.goto(`${running.base}/agent/`);
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', PASSWORD);
    await page.click('#login-form button');
    await page.waitForSelector('#console-view:not([hidden])');

    await page.goto(`${running.base}/admin/analytics`);
    await page.waitForFunction(() => (globalThis as any).document.body.dataset.loaded !== undefined, undefined, { timeout: 30_000 });
    // The conversation above is drawn by Chart.js (an empty chart is not drawn at all).
    await page.waitForSelector('#chart-volume:not([hidden])');
    expect(violations).to.deep.equal([]);
    await page.close();
  });
});
