import { expect } from 'chai';
import { join } from 'path';
import { ARTIFACTS_DIR, useServiceInChromium } from '../helpers/browser';
import { request } from '../helpers/httpClient';

const PASSWORD = 'webchat-agent-password';

describe('an agent’s message in Web Chat, in Chromium', function () {
  this.timeout(120_000);
  // A relay round only every minute: a message that arrives quickly was pushed, not retried.
  const running = useServiceInChromium({
    BALIE_ADMIN_PASSWORD: PASSWORD,
    BALIE_BCRYPT_ROUNDS: '4',
    BALIE_BUSINESS_HOURS: 'always',
    BALIE_RELAY_INTERVAL_MS: '60000',
  });

  it('appears at once, not as a reply to an activity the page never saw', async () => {
    const token = (await request(running.base, 'POST', '/api/agent/login', { username: 'admin', password: PASSWORD })).body.token;
    const auth = { authorization: `Bearer ${token}` };
    await request(running.base, 'POST', '/api/agent/status', { status: 'online' }, auth);
    const page = await running.browser.newPage({ locale: 'nl-NL' });
    await page.goto(`${running.base}/`);
    await page.getByText('Ik ben de digitale assistent van Huisje & Co').first().waitFor({ timeout: 30_000 });
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('ik wil een medewerker spreken');
    await input.press('Enter');
    await page.getByText('Ik heb je doorgezet naar een collega').first().waitFor();
    const conversationId = (await request(running.base, 'GET', '/api/agent/queue', undefined, auth)).body.items[0].conversationId;
    expect((await request(running.base, 'POST', `/api/agent/conversations/${conversationId}/accept`, {}, auth)).status).to.equal(200);
    const sent = Date.now();
    await request(
      running.base,
      'POST',
      `/api/agent/conversations/${conversationId}/messages`,
      { text: 'Hoi, ik ben Administrator en ik help je verder.' },
      auth,
    );
    await page.getByText('Hoi, ik ben Administrator en ik help je verder.').first().waitFor({ timeout: 10_000 });
    const shownAfterMs = Date.now() - sent;
    expect(shownAfterMs, 'ms from the agent sending to Web Chat showing it').to.be.below(1000);
    // Under the agent's name and initials, not the bot's; the agent joining is a small line, not a bubble.
    await page.locator('.balie-agent-name', { hasText: 'Administrator' }).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'agent-in-web-chat.png'), fullPage: true });
    expect(await page.locator('.balie-agent-avatar').first().textContent()).to.equal('A');
    await page.locator('.balie-system-line', { hasText: 'helpt je nu verder' }).first().waitFor();
    expect(await page.locator('.webchat__bubble__content', { hasText: 'helpt je nu verder' }).count(), 'not a bubble').to.equal(0);
    // The agent typing shows as Web Chat's typing indicator (and is not stored in the conversation).
    const typing = await request(running.base, 'POST', `/api/agent/conversations/${conversationId}/typing`, {}, auth);
    expect(typing.status).to.equal(204);
    await page.locator('.webchat__typing-indicator').first().waitFor({ timeout: 5_000 });
    const transcript = (await request(running.base, 'GET', `/api/agent/conversations/${conversationId}`, undefined, auth)).body.transcript as {
      text: string;
    }[];
    expect(transcript.map((l) => l.text)).to.include('Hoi, ik ben Administrator en ik help je verder.');
    expect(
      transcript.every((l) => typeof l.text === 'string' && l.text.length > 0),
      'no empty typing lines',
    ).to.equal(true);
    // Web Chat's own words in the shop's informal tone.
    expect(await page.locator('[data-id="webchat-sendbox-input"]').getAttribute('placeholder')).to.equal('Typ je bericht');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'agent-in-web-chat.png'), fullPage: true });
    await page.close();
  });
});
