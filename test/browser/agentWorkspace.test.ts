import { expect } from 'chai';
import { join } from 'path';
import { Browser, Page } from 'playwright-core';
import { BalieService } from '../../app/service';
import { ARTIFACTS_DIR, launchChromium, seriousAccessibilityFindings } from '../helpers/browser';
import { startTestService, tempDir } from '../helpers/fixtures';
import { FakeConnector, messageActivity, request } from '../helpers/httpClient';
import { eventually } from '../helpers/liveClients';

const CES_NL = 'Hoe makkelijk was het om je vraag afgehandeld te krijgen?';

describe('the agent workspace by keyboard, in Chromium', function () {
  this.timeout(120_000);
  let dir: ReturnType<typeof tempDir>;
  let service: BalieService;
  let base: string;
  let connector: FakeConnector;
  let channelUrl: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dir = tempDir();
    connector = new FakeConnector();
    channelUrl = await connector.start();
    ({ service, base } = await startTestService(dir.path, {
      BALIE_ADMIN_PASSWORD: 'workspace-password',
      BALIE_BCRYPT_ROUNDS: '4',
      BALIE_BUSINESS_HOURS: 'always',
      BALIE_RELAY_INTERVAL_MS: '3600000',
      BALIE_ORDER_URL: 'https://shop.example/admin/orders/{order}',
    }));
    browser = await launchChromium();
    // A context of its own, so a test can open a second tab of the same browser.
    page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
  });

  after(async () => {
    await browser?.close();
    await service?.close();
    await connector?.stop();
    dir?.cleanup();
  });

  const customer = (conversation: string, text: string, name?: string) =>
    request(base, 'POST', '/api/messages', messageActivity(conversation, text, { serviceUrl: channelUrl, from: { id: `id-${conversation}`, name } }));
  const sentTo = (conversation: string) => connector.received.filter((r) => r.activity.conversation?.id === conversation).map((r) => r.activity.text ?? '');
  const focused = () =>
    page.evaluate(() => (globalThis as any).document.activeElement?.id || (globalThis as any).document.activeElement?.closest('li')?.dataset.key);
  const noFindings = async (where: string) => expect(await seriousAccessibilityFindings(page), where).to.deep.equal([]);

  it('logs in, opens, accepts, answers, resolves and lands on the next customer without a mouse', async () => {
    await page.goto(`${base}/agent/`);
    await noFindings('the login page');
    // The login form has the focus: type, Tab, type, Enter.
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('workspace-password');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#console-view:not([hidden])');

    await customer('kb-1', 'Waar blijft bestelling 100001?', 'Ria de Boer');
    await customer('kb-1', 'ik wil een medewerker spreken', 'Ria de Boer');
    await customer('kb-2', 'I want to talk to a person');
    await page.waitForSelector('#queue li[data-key="kb-2"]');
    expect(await page.title(), 'the waiting count in the tab title').to.equal('(2) Balie');
    expect(await page.textContent('#queue li[data-key="kb-2"]')).to.include('Visitor (test, EN)');
    await noFindings('the console with customers waiting');

    // From the top of the page, Tab reaches the queue; the arrow keys move through it.
    await page.evaluate(() => (globalThis as any).document.activeElement?.blur());
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused()) === 'kb-1';
    }
    expect(reached, 'Tab reaches the first waiting customer').to.equal(true);
    await page.keyboard.press('ArrowDown');
    expect(await focused()).to.equal('kb-2');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#conv-title:has-text("Ria de Boer")');
    expect(await page.getAttribute('#queue li[data-key="kb-1"] button', 'aria-current')).to.equal('true');
    // The order number links into the shop's back office; the mood is a word.
    expect(await page.getAttribute('#entities a', 'href')).to.equal('https://shop.example/admin/orders/100001');
    expect(await page.textContent('#sentiment')).to.match(/calm|unhappy|upset|positive/);

    // Alt+A accepts and puts the cursor in the reply box.
    await page.keyboard.press('Alt+KeyA');
    await page.waitForSelector('#composer:not([hidden])');
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'reply');
    // The customer types (where the channel says so): the agent sees it above the reply box.
    await request(base, 'POST', '/api/messages', { ...messageActivity('kb-1', ''), type: 'typing', text: undefined, serviceUrl: channelUrl });
    await page.waitForSelector('#customer-typing:has-text("Ria de Boer is typing")');
    await page.keyboard.type('Hoi Ria,');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('ik kijk het na.');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#transcript li.agent:has-text("ik kijk het na.")');
    expect(sentTo('kb-1')).to.include('Hoi Ria,\nik kijk het na.');
    expect(await page.inputValue('#reply')).to.equal('');

    // "/" inserts a canned reply at the cursor, its placeholders filled from the conversation.
    await page.keyboard.type('Goed nieuws: ');
    await page.keyboard.press('/');
    await page.waitForSelector('#canned-picker:not([hidden])');
    await page.keyboard.type('bestelling');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#reply')).to.equal('Goed nieuws: Ik heb bestelling 100001 voor je nagekeken.');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#transcript li.agent:has-text("Goed nieuws")');

    // The newest message is in view, and so is the reply box.
    const inView = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const last = [...doc.querySelectorAll('#transcript li')].at(-1);
      const box = doc.getElementById('reply').getBoundingClientRect();
      const scroller = doc.getElementById('timeline').getBoundingClientRect();
      const lastBox = last.getBoundingClientRect();
      return { reply: box.bottom <= (globalThis as any).innerHeight && box.top >= 0, last: lastBox.bottom <= scroller.bottom + 1 };
    });
    expect(inView).to.deep.equal({ reply: true, last: true });
    await noFindings('an open conversation');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'agent-workspace.png') });

    // Alt+R resolves (undoable for a few seconds) and opens the next waiting customer.
    await page.fill('#note', 'status doorgegeven');
    await page.focus('#reply');
    await page.keyboard.press('Alt+KeyR');
    await page.waitForSelector('#toast:not([hidden])');
    await page.waitForSelector('#conv-title:has-text("Visitor (test, EN)")');
    await eventually(() => sentTo('kb-1').some((text) => text.includes(CES_NL)), 'the effort question after the resolve', 10_000);

    // This one is resolved and undone: nothing reaches the customer, the conversation stays with the agent.
    await page.keyboard.press('Alt+KeyA');
    await page.waitForSelector('#composer:not([hidden])');
    await page.keyboard.press('Alt+KeyR');
    await page.waitForSelector('#toast:not([hidden])');
    await page.keyboard.press('Alt+KeyZ');
    await page.waitForSelector('#toast', { state: 'hidden' });
    await page.waitForSelector('#conv-title:has-text("Visitor (test, EN)")');
    await new Promise((r) => setTimeout(r, 6000));
    expect(
      sentTo('kb-2').some((text) => text.includes('How easy was it')),
      'no effort question after an undo',
    ).to.equal(false);
    expect(await page.textContent('#conv-state')).to.equal('with an agent');

    // Alt+T hands it back to the queue with a note for whoever takes it; the note shows in the timeline.
    await page.keyboard.press('Alt+KeyT');
    await page.waitForSelector('#transfer-dialog[open]');
    expect(await page.inputValue('#transfer-to')).to.equal('queue');
    await page.fill('#transfer-note', 'Vraagt naar een factuur op bedrijfsnaam');
    await page.click('#transfer-form button[type="submit"]');
    await page.waitForSelector('#transfer-dialog', { state: 'hidden' });
    await page.click('#queue li[data-key="kb-2"] button');
    await page.waitForSelector('#transcript li.event:has-text("Put back in the queue by Administrator")');
    expect(await page.textContent('#transcript')).to.include('Vraagt naar een factuur op bedrijfsnaam');
    await page.keyboard.press('Alt+KeyA');
    await page.waitForSelector('#composer:not([hidden])');

    // "?" lists the shortcuts (outside a text field).
    await page.focus('#timeline');
    await page.keyboard.press('?');
    await page.waitForSelector('#shortcuts-dialog[open]');
    expect(await page.textContent('#shortcut-list'))
      .to.include('Alt+A')
      .and.include('Alt+R')
      .and.include('Alt+N');
    await page.keyboard.press('Escape');
  });

  it('lets a supervisor write a canned reply that agents then insert with "/"', async () => {
    await page.click('#manage-canned');
    await page.waitForSelector('#canned-dialog[open]');
    expect(await page.locator('#canned-rows tr').count()).to.equal(12);
    await page.selectOption('#canned-language', 'en');
    await page.fill('#canned-name', 'Refund timing');
    await page.fill('#canned-text', 'Hi {{name}}, refunds reach your account within 5 working days.');
    await page.click('#canned-form button[type="submit"]');
    await page.waitForSelector('#canned-message:has-text("Saved “Refund timing”")');
    await page.getByRole('button', { name: 'Change Refund timing' }).click();
    await page.fill('#canned-text', 'Hi {{name}}, refunds reach your account within 3 working days.');
    await page.click('#canned-form button[type="submit"]');
    await page.waitForSelector('#canned-rows tr:has-text("within 3 working days")');
    expect(await seriousAccessibilityFindings(page), 'axe on the canned replies').to.deep.equal([]);
    await page.keyboard.press('Escape');

    // The English visitor's conversation is open and with this agent: "/" finds the new reply, {{name}} left out without a name.
    await page.focus('#reply');
    await page.keyboard.press('/');
    await page.keyboard.type('refund');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#reply')).to.equal('Hi, refunds reach your account within 3 working days.');
    await page.fill('#reply', '');
  });

  it('counts waiting customers in the title, times their wait, and tells the agent of a new one', async () => {
    await page.evaluate(() => {
      const g = globalThis as any;
      g.__notifications = [];
      // Stands in for the browser's notifications: the page is "in the background".
      g.Notification = class {
        static permission = 'granted';
        constructor(title: string, options: { body: string }) {
          g.__notifications.push(`${title}: ${options.body}`);
        }
        close() {}
      };
      Object.defineProperty(g.document, 'hidden', { configurable: true, get: () => true });
      g.localStorage.setItem('balie.notify', 'on');
    });
    await customer('kb-3', 'Ik wil een medewerker spreken', 'Jan Smit');
    await page.waitForSelector('#queue li[data-key="kb-3"]');
    expect(await page.title()).to.equal('(1) Balie');
    expect(await page.textContent('#announcer')).to.include('New customer waiting');
    expect(await page.evaluate(() => (globalThis as any).__notifications)).to.have.length(1);
    expect(await page.textContent('#queue li[data-key="kb-3"] .wait')).to.match(/waiting less than a minute|waiting 1 min/);

    // A colleague hands this agent a conversation: announced as well.
    await service.agents.create({ username: 'bram', name: 'Bram', role: 'agent', password: 'bram-password-1' });
    const bram = { authorization: `Bearer ${(await request(base, 'POST', '/api/agent/login', { username: 'bram', password: 'bram-password-1' })).body.token}` };
    const adminId = (await request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'workspace-password' })).body.agent.id;
    await request(base, 'POST', '/api/agent/status', { status: 'online' }, bram);
    await customer('kb-5', 'Ik wil een medewerker spreken', 'Sanne Bos');
    expect((await request(base, 'POST', '/api/agent/conversations/kb-5/accept', {}, bram)).status).to.equal(200);
    expect((await request(base, 'POST', '/api/agent/conversations/kb-5/transfer', { to: adminId, note: 'Wil de bank ruilen' }, bram)).status).to.equal(200);
    await page.waitForSelector('#active li[data-key="kb-5"]');
    await page.waitForSelector('#announcer:has-text("A colleague handed you the conversation with Sanne Bos")');
  });

  it('speaks Dutch when the agent chooses it, with 24-hour times and "vandaag"', async () => {
    await page.click('#settings');
    await page.selectOption('#language', 'nl');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#queue-title:has-text("Wachtrij")');
    expect(await page.textContent('#availability')).to.equal('2 medewerkers online');
    expect(await page.textContent('#queue li[data-key="kb-3"]')).to.include('wacht');
    await page.click('#queue li[data-key="kb-3"] button');
    await page.waitForSelector('#conv-title:has-text("Jan Smit")');
    expect(await page.textContent('#transcript')).to.match(/Klant · \d\d:\d\d/);
    expect(await page.getAttribute('html', 'lang')).to.equal('nl');
    await page.reload();
    await page.waitForSelector('#queue-title:has-text("Wachtrij")');
  });

  it('shares one login between tabs, the console and the dashboard, and ends it everywhere on logout', async () => {
    // A new tab of the same browser: the dashboard opens without a second login, with the menu back to the console.
    const tab = await page.context().newPage();
    await tab.goto(`${base}/admin/analytics`);
    await tab.waitForSelector('#dashboard-view:not([hidden])');
    expect(await tab.isVisible('#login-view')).to.equal(false);
    await tab.getByRole('link', { name: 'Console' }).click();
    await tab.waitForSelector('#console-view:not([hidden])');
    // The page's script cannot read the login.
    expect(await tab.evaluate(() => (globalThis as any).document.cookie)).to.not.include('balie_session');
    await tab.click('#logout');
    await tab.waitForSelector('#login-view:not([hidden])');
    // The first tab's console learns within seconds that the login ended.
    await page.waitForSelector('#login-view:not([hidden])', { timeout: 10_000 });
    await tab.close();
  });
});
