import { expect } from 'chai';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { ARTIFACTS_DIR, seriousAccessibilityFindings, useServiceInChromium } from '../helpers/browser';
import { tempDir } from '../helpers/fixtures';
import { photoPng } from '../helpers/files';
import { request } from '../helpers/httpClient';

const PASSWORD = 'attachments-browser-password';

describe('a photo from the customer, in Web Chat and in the agent console (Chromium)', function () {
  this.timeout(120_000);
  const running = useServiceInChromium({
    BALIE_ADMIN_PASSWORD: PASSWORD,
    BALIE_BCRYPT_ROUNDS: '4',
    BALIE_BUSINESS_HOURS: 'always',
    BALIE_RELAY_INTERVAL_MS: '3600000',
  });
  let dir: ReturnType<typeof tempDir>;
  before(() => {
    dir = tempDir();
  });
  after(() => dir.cleanup());

  it('is sent with the paper clip, shown to the customer, kept, and shown to the agent who takes the conversation', async () => {
    const auth = { authorization: `Bearer ${(await request(running.base, 'POST', '/api/agent/login', { username: 'admin', password: PASSWORD })).body.token}` };
    await request(running.base, 'POST', '/api/agent/status', { status: 'online' }, auth);
    const photoFile = join(dir.path, 'kapotte-lamp.png');
    writeFileSync(photoFile, photoPng(240, 160));

    const chat = await running.browser.newPage({ viewport: { width: 900, height: 1000 }, locale: 'nl-NL' });
    const failed: string[] = [];
    chat.on('requestfailed', (r) => failed.push(r.url()));
    await chat.goto(`${running.base}/`);
    await chat.getByText('Ik ben de digitale assistent van Huisje & Co').first().waitFor({ timeout: 30_000 });
    const fileInput = chat.locator('input[type="file"]');
    expect(await fileInput.getAttribute('accept'), 'the paper clip offers photos and PDF').to.equal(
      'image/jpeg,image/png,image/gif,image/webp,application/pdf',
    );
    // Web Chat 4.18 puts the file beside the send box; Enter sends it.
    await fileInput.setInputFiles(photoFile);
    await chat.locator('[data-id="webchat-sendbox-input"]').press('Enter');
    await chat.getByText('ik heb je foto bij dit gesprek bewaard').first().waitFor({ timeout: 15_000 });
    // Web Chat shows the photo from Balie's address, as sent.
    const shown = chat.locator('img[src*="/v3/directline/attachments/"]').first();
    await shown.waitFor();
    expect(await shown.evaluate((img: any) => img.naturalWidth)).to.equal(240);
    await chat.getByRole('button', { name: 'Ja' }).first().click();
    await chat.getByText('Ik heb je doorgezet naar een collega').first().waitFor();
    await chat.screenshot({ path: join(ARTIFACTS_DIR, 'photo-in-web-chat.png'), fullPage: true });
    expect(failed).to.deep.equal([]);
    expect(await seriousAccessibilityFindings(chat), 'axe on the chat with a photo').to.deep.equal([]);

    const agent = await running.browser.newPage({ viewport: { width: 1366, height: 800 } });
    await agent.goto(`${running.base}/agent/`);
    await agent.fill('#login-username', 'admin');
    await agent.fill('#login-password', PASSWORD);
    await agent.keyboard.press('Enter');
    await agent.locator('#queue button.item').first().click();
    await agent.locator('#accept').click();
    const thumbnail = agent.locator('#transcript img[alt="Photo from the customer: kapotte-lamp.png"]');
    await thumbnail.waitFor();
    expect(await thumbnail.evaluate((img: any) => img.naturalWidth), 'loaded with the login cookie').to.equal(240);
    await agent.locator('#files img').first().waitFor();
    expect(await agent.locator('#files-heading').textContent()).to.equal('Photos and files');
    expect(await agent.locator('#summary').textContent()).to.include('They sent a photo (kapotte-lamp.png).');
    await agent.screenshot({ path: join(ARTIFACTS_DIR, 'photo-in-agent-console.png') });
    expect(await seriousAccessibilityFindings(agent), 'axe on the conversation with a photo').to.deep.equal([]);
    await chat.close();
    await agent.close();
  });
});
