import { expect } from 'chai';
import { join } from 'path';
import { ARTIFACTS_DIR, useServiceInChromium } from '../helpers/browser';
import { request } from '../helpers/httpClient';

const ADMIN_PASSWORD = 'console-accounts-password';

describe('accounts in the agent console, in Chromium', function () {
  this.timeout(120_000);
  const running = useServiceInChromium({ BALIE_ADMIN_PASSWORD: ADMIN_PASSWORD, BALIE_BCRYPT_ROUNDS: '4' });
  before(async () => {
    await running.service.agents.create({ username: 'sanne', name: 'Sanne', role: 'agent', password: 'sanne-password-1' });
  });

  it('lets a supervisor disable, enable and reset an agent, and anyone change their own password', async () => {
    const page = await running.browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${running.base}/agent/`);
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForSelector('#console-view:not([hidden])');

    await page.getByRole('button', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Disable sanne' }).click();
    await page.getByText('sanne is disabled.').waitFor();
    expect((await request(running.base, 'POST', '/api/agent/login', { username: 'sanne', password: 'sanne-password-1' })).status).to.equal(401);
    await page.getByRole('button', { name: 'Enable sanne' }).click();
    await page.getByText('sanne may log in again.').waitFor();
    await page.getByLabel('New password for sanne').fill('set-in-console-1');
    await page.locator('tr[data-username="sanne"]').getByRole('button', { name: 'Set' }).click();
    await page.getByText('New password set for sanne.').waitFor();
    expect((await request(running.base, 'POST', '/api/agent/login', { username: 'sanne', password: 'set-in-console-1' })).status).to.equal(200);
    await page.getByLabel('Role of sanne').selectOption('supervisor');
    await page.getByText('sanne is now supervisor.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-accounts.png') });
    // The audit log shows what the supervisor just did, with names instead of ids.
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Account' }).click();
    await page.locator('#audit tr', { hasText: 'account.disabled' }).getByText('sanne').waitFor();

    await page.getByLabel('Current password').fill(ADMIN_PASSWORD);
    await page.getByLabel('New password (at least 8 characters)').fill('admin-new-password-2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Log in with your new password.').waitFor();
    expect((await request(running.base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-new-password-2' })).status).to.equal(200);
    expect(violations).to.deep.equal([]);
    await page.close();
  });
});
