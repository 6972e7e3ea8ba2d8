import { expect } from 'chai';
import { join } from 'path';
import { Browser, Page } from 'playwright-core';
import { BalieService } from '../../app/service';
import { ARTIFACTS_DIR, launchChromium, seriousAccessibilityFindings } from '../helpers/browser';
import { startTestService, tempDir } from '../helpers/fixtures';
import { FakeConnector, messageActivity, replyTexts, request, teamsText } from '../helpers/httpClient';

const INJECTION = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** The service (on a temporary SQLite file), a fake channel connector and Chromium, for one suite. */
function useConsoleService(env: Record<string, string>) {
  const fixture = {} as { service: BalieService; base: string; connector: FakeConnector; channelUrl: string; browser: Browser };
  let dir: ReturnType<typeof tempDir> | undefined;
  before(async () => {
    dir = tempDir();
    fixture.connector = new FakeConnector();
    fixture.channelUrl = await fixture.connector.start();
    ({ service: fixture.service, base: fixture.base } = await startTestService(dir.path, {
      BALIE_ADMIN_PASSWORD: 'console-password',
      BALIE_BCRYPT_ROUNDS: '4',
      BALIE_RELAY_INTERVAL_MS: '3600000',
      ...env,
    }));
    fixture.browser = await launchChromium();
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.service?.close();
    await fixture.connector?.stop();
    dir?.cleanup();
  });
  return fixture;
}

describe('agent console in Chromium', function () {
  this.timeout(120_000);
  const running = useConsoleService({ BALIE_BUSINESS_HOURS: 'always' });
  let page: Page;
  before(async () => (page = await running.browser.newPage({ viewport: { width: 1280, height: 900 } })));

  const customer = (text: string) =>
    request(
      running.base,
      'POST',
      '/api/messages',
      messageActivity('browser-1', text, { serviceUrl: running.channelUrl, from: { id: 'klant-42', name: 'Klant 42' } }),
    );

  it('logs in, sees the queue live, reads the context, accepts, chats, and resolves — with customer text escaped', async () => {
    await page.goto(`${running.base}/agent/`);
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', 'wrong');
    await page.click('#login-form button');
    await page.waitForSelector('#login-error:has-text("wrong password")');
    await page.fill('#login-password', 'console-password');
    await page.click('#login-form button');
    await page.waitForSelector('#console-view:not([hidden])');
    await page.waitForSelector('#availability:has-text("1 agent online")');

    await customer('Mijn bestelling 100001 is nog niet binnen');
    await customer(INJECTION);
    const queued = await customer('ik wil een medewerker spreken');
    expect(replyTexts(queued)).to.include('nummer 1 in de wachtrij');

    // The queue updates without a reload.
    const item = page.locator('#queue li[data-key="browser-1"]');
    await item.waitFor();
    expect(await item.textContent())
      .to.include('waiting')
      .and.include('Customer asked for a person');
    await item.click();
    await page.waitForSelector('#conversation:not([hidden])');
    expect(await page.textContent('#summary')).to.include('order 100001');
    expect(await page.textContent('#entities'))
      .to.include('Order')
      .and.include('100001');
    expect(await page.textContent('#customer-name')).to.equal('Klant 42');
    expect(await page.textContent('#transcript')).to.include(INJECTION);
    expect(await page.locator('#transcript img, #transcript script').count()).to.equal(0);

    await page.click('#accept');
    await page.waitForSelector('#composer:not([hidden])');
    expect(running.connector.received.map((r) => r.activity.text).join('\n')).to.include('Administrator van de klantenservice helpt je nu verder');

    // "/" opens the canned replies; the one chosen goes in at the cursor.
    await page.focus('#reply');
    await page.keyboard.press('/');
    await page.keyboard.type('kijk het');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#reply')).to.include('Ik kijk het even voor je na');
    await page.fill('#reply', 'Je pakket komt morgen, ik heb het nagekeken.');
    await page.click('#composer button');
    await page.waitForSelector('#transcript li.agent:has-text("Je pakket komt morgen")');
    expect(running.connector.received.map((r) => r.activity.text)).to.include('Je pakket komt morgen, ik heb het nagekeken.');

    // A customer message appears without reloading.
    await customer('Top, dank je wel!');
    await page.waitForSelector('#transcript li.customer:has-text("Top, dank je wel!")');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'agent-console.png'), fullPage: true });

    await page.fill('#note', 'levering morgen bevestigd');
    await page.click('#resolve');
    // Resolved after a few seconds in which it can be undone; nobody else is waiting, so nothing opens next.
    await page.waitForSelector('#toast:not([hidden])');
    await page.waitForSelector('#placeholder:not([hidden])');
    await page.waitForSelector('#toast', { state: 'hidden', timeout: 10_000 });
    await page.waitForSelector('#active li:has-text("No conversations with you")');
    expect(running.connector.received.map((r) => r.activity.text).join('\n')).to.include('Hoe makkelijk was het om je vraag afgehandeld te krijgen?');
    // The console's own login is in its cookie, which the page cannot read: ask with a login of the API's.
    const apiLogin = await request(running.base, 'POST', '/api/agent/login', { username: 'admin', password: 'console-password' });
    const resolved = await request(running.base, 'GET', '/api/agent/conversations/browser-1', undefined, { authorization: `Bearer ${apiLogin.body.token}` });
    expect(resolved.body.events.at(-1)).to.include({ to: 'resolved', detail: 'levering morgen bevestigd', actorName: 'Administrator' });
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).to.equal(undefined);
  });
});

describe('tickets in the agent console, in Chromium', function () {
  this.timeout(120_000);
  const running = useConsoleService({ BALIE_BUSINESS_HOURS: 'never' });

  const teams = (text: string) =>
    request(
      running.base,
      'POST',
      '/api/messages',
      messageActivity('teams-ticket', text, { channelId: 'msteams', serviceUrl: running.channelUrl, from: { id: 'klant-7', name: 'Klant 7' } }),
    );

  it('lists a ticket with its due time, shows its context, takes it, answers it (delivered to Teams), sees the reply, and closes it', async () => {
    await teams(INJECTION);
    await teams('Ik wil een medewerker spreken');
    expect(replyTexts(await teams('ja'))).to.match(/ticket BAL-/);

    const page = await running.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${running.base}/agent/`);
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', 'console-password');
    await page.click('#login-form button');
    await page.waitForSelector('#console-view:not([hidden])');
    await page.waitForSelector('#email-off:not([hidden])');
    const item = page.locator('#tickets li').first();
    await item.waitFor();
    expect(await item.textContent())
      .to.match(/due /)
      .and.include('not taken');
    await item.click();
    await page.waitForSelector('#ticket-extra:not([hidden])');
    expect(await seriousAccessibilityFindings(page), 'axe on an open ticket').to.deep.equal([]);
    expect(await page.textContent('#ticket-email')).to.include('Email is off');
    expect(await page.textContent('#transcript')).to.include(INJECTION);
    expect(await page.locator('#transcript img, #transcript script').count()).to.equal(0);

    await page.click('#take');
    await page.waitForSelector('#ticket-due:has-text("taken by")');
    await page.fill('#reply', 'Je retour is binnen en het geld staat morgen op je rekening.');
    await page.click('#composer button');
    await page.waitForSelector('#thread li.agent:has-text("Je retour is binnen")');
    await page.waitForSelector('#deliveries tr:has-text("Teams"):has-text("delivered")');
    expect(running.connector.received.map((r) => teamsText(r.activity))).to.include('Je retour is binnen en het geld staat morgen op je rekening.');

    // The customer answers in Teams: it appears in the thread without a reload, and the ticket is open again.
    await teams('Dank je, maar ik zie het nog niet op mijn rekening');
    await page.waitForSelector('#thread li.customer:has-text("nog niet op mijn rekening")');
    await page.waitForSelector('#conv-state:has-text("ticket")');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'agent-console-ticket.png'), fullPage: true });

    await page.fill('#note', 'bank gebeld');
    await page.click('#resolve');
    await page.waitForSelector('#toast:not([hidden])');
    await page.waitForSelector('#tickets li:has-text("No open tickets")', { timeout: 10_000 });
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).to.equal(undefined);
    await page.close();
  });
});
