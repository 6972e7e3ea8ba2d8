import { expect } from 'chai';
import { join } from 'path';
import { ARTIFACTS_DIR, useServiceInChromium } from '../helpers/browser';
import { request } from '../helpers/httpClient';

const PASSWORD = 'webchat-ticket-password';

describe('a ticket answered while the web chat customer was away, in Chromium', function () {
  this.timeout(120_000);
  const running = useServiceInChromium({ BALIE_ADMIN_PASSWORD: PASSWORD, BALIE_BCRYPT_ROUNDS: '4', BALIE_BUSINESS_HOURS: 'never' });

  it('is shown first when the customer opens the chat again in the same browser, and their reply goes to the ticket', async () => {
    const browser = await running.browser.newContext({ locale: 'nl-NL', viewport: { width: 900, height: 1000 } });
    try {
      // The evening: no one is there; the customer leaves a ticket without an email address.
      const evening = await browser.newPage();
      await evening.goto(`${running.base}/`);
      await evening.getByText('Ik ben de digitale assistent van Huisje & Co').first().waitFor({ timeout: 30_000 });
      const input = evening.locator('[data-id="webchat-sendbox-input"]');
      await input.fill('Ik wil een medewerker spreken over mijn retour');
      await input.press('Enter');
      await evening.getByText('Zal ik een ticket aanmaken').first().waitFor();
      await input.fill('ja');
      await input.press('Enter');
      await evening.getByText('ook per e-mail').first().waitFor();
      await input.fill('nee');
      await input.press('Enter');
      await evening.getByText('Open de chat op dit apparaat later gewoon weer').first().waitFor();
      await evening.close();

      // The morning: an agent answers.
      const token = (await request(running.base, 'POST', '/api/agent/login', { username: 'admin', password: PASSWORD })).body.token;
      const auth = { authorization: `Bearer ${token}` };
      const [ticket] = (await request(running.base, 'GET', '/api/agent/tickets', undefined, auth)).body.items;
      const answered = await request(
        running.base,
        'POST',
        `/api/agent/tickets/${ticket.handoffId}/answer`,
        { text: 'Je retour is binnen, het geld staat er morgen op.' },
        auth,
      );
      expect(answered.status).to.equal(201);

      // The customer opens the chat again (a new tab: a new conversation, the same visitor).
      const morning = await browser.newPage();
      await morning.goto(`${running.base}/`);
      await morning.getByText('Je retour is binnen, het geld staat er morgen op.').first().waitFor({ timeout: 30_000 });
      const texts = await morning.locator('[role="log"] .webchat__bubble__content, .webchat__bubble__content').allTextContents();
      const answerAt = texts.findIndex((t) => t.includes('Je retour is binnen'));
      const welcomeAt = texts.findIndex((t) => t.includes('digitale assistent'));
      expect(answerAt, 'the answer is there').to.be.greaterThan(-1);
      expect(answerAt, 'before the welcome').to.be.lessThan(welcomeAt);
      await morning.getByRole('button', { name: 'Opgelost, bedankt' }).first().waitFor();
      const reply = morning.locator('[data-id="webchat-sendbox-input"]');
      await reply.fill('Top, maar mag het ook op een andere rekening?');
      await reply.press('Enter');
      await morning.getByText(`ik heb je reactie bij ticket ${ticket.reference} gezet`).first().waitFor();
      await morning.screenshot({ path: join(ARTIFACTS_DIR, 'web-chat-ticket-answer.png'), fullPage: true });
      const view = (await request(running.base, 'GET', `/api/agent/tickets/${ticket.handoffId}`, undefined, auth)).body;
      expect(view.ticket.state).to.equal('ticket');
      expect(view.thread.map((m: { text: string }) => m.text)).to.include('Top, maar mag het ook op een andere rekening?');
      expect(view.deliveries.find((d: { channel: string }) => d.channel === 'webchat').status).to.equal('delivered');
    } finally {
      await browser.close();
    }
  });
});
