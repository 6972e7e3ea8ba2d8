import { expect } from 'chai';
import { MINIMAL_PDF, photoPng, uploadFiles, webChatCustomer } from '../helpers/files';
import { request } from '../helpers/httpClient';
import { describeEachStore } from '../helpers/testDatabases';
import { useTestService } from '../helpers/testService';

const ADMIN_PASSWORD = 'admin-attachments-password';

describeEachStore('photos and PDFs from the customer (web chat upload)', function (kind) {
  this.timeout(60_000);
  const suite = useTestService(kind, {
    BALIE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    BALIE_BCRYPT_ROUNDS: '4',
    BALIE_BUSINESS_HOURS: 'always',
    BALIE_RELAY_INTERVAL_MS: '3600000',
    BALIE_ATTACHMENT_MAX_MB: '0.05',
    BALIE_ATTACHMENTS_PER_CONVERSATION: '4',
  });
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const log = async (s: { conversationId: string; token: string }) =>
    (await request(suite.base, 'GET', `/v3/directline/conversations/${s.conversationId}/activities`, undefined, auth(s.token))).body.activities as any[];
  const botTexts = (activities: any[]) => activities.filter((a) => a.from.id === 'balie' && a.type === 'message').map((a) => a.text as string);
  const say = (s: { conversationId: string; token: string }, text: string) =>
    request(suite.base, 'POST', `/v3/directline/conversations/${s.conversationId}/activities`, { type: 'message', text }, auth(s.token));
  let admin: Record<string, string>;
  before(async () => {
    admin = auth((await request(suite.base, 'POST', '/api/agent/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token);
    await request(suite.base, 'POST', '/api/agent/status', { status: 'online' }, admin);
  });

  it('keeps a photo with the conversation, offers a colleague, and the agent sees it in the timeline and the context', async () => {
    const customer = await webChatCustomer(suite.base);
    const photo = photoPng();
    const sent = await uploadFiles(suite.base, customer.conversationId, customer.token, [{ name: 'kapotte stoel.png', data: photo, type: 'image/png' }]);
    expect(sent.status, JSON.stringify(sent.body)).to.equal(200);

    const activities = await log(customer);
    const message = activities.find((a) => a.attachments?.length);
    expect(message.attachments).to.have.length(1);
    expect(message.attachments[0]).to.include({ contentType: 'image/png', name: 'kapotte stoel.png' });
    expect(message.from.id, 'the sender comes from the token').to.match(/^dl_user_/);
    expect(botTexts(activities).at(-1)).to.include('je foto bij dit gesprek bewaard').and.include('collega');

    // The customer's own chat shows the photo from its address: the bytes as sent, never as a page.
    const served = await fetch(message.attachments[0].contentUrl);
    expect(served.status).to.equal(200);
    expect(served.headers.get('content-type')).to.equal('image/png');
    expect(served.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(served.headers.get('content-security-policy')).to.include('sandbox');
    expect(Buffer.from(await served.arrayBuffer()).equals(photo)).to.equal(true);

    expect((await say(customer, 'ja')).status).to.equal(200);
    expect(botTexts(await log(customer)).at(-1)).to.match(/wachtrij|collega/);
    const view = (await request(suite.base, 'GET', `/api/agent/conversations/${customer.conversationId}`, undefined, admin)).body;
    const line = view.transcript.find((l: any) => l.files);
    expect(line).to.include({ from: 'customer', text: '' });
    expect(line.files).to.deep.equal([{ id: line.files[0].id, name: 'kapotte stoel.png', contentType: 'image/png', size: photo.length }]);
    expect(view.context.reason).to.equal('needs_human');
    expect(view.context.reasonDetail).to.equal('kapotte stoel.png');
    expect(view.context.summary).to.include('They sent a photo (kapotte stoel.png).');

    const forAgent = await fetch(`${suite.base}/api/agent/attachments/${line.files[0].id}`, { headers: admin });
    expect(forAgent.status).to.equal(200);
    expect(Buffer.from(await forAgent.arrayBuffer()).equals(photo)).to.equal(true);
    expect((await fetch(`${suite.base}/api/agent/attachments/${line.files[0].id}`)).status, 'agents only').to.equal(401);
    const audit = (await request(suite.base, 'GET', '/api/agent/audit', undefined, admin)).body.items as any[];
    expect(audit.some((e) => e.action === 'attachment.read' && e.subject === customer.conversationId)).to.equal(true);
  });

  it('in the middle of a flow keeps the file and asks the flow question again; text beside a file is understood as usual', async () => {
    const customer = await webChatCustomer(suite.base);
    await say(customer, 'waar is mijn bestelling?');
    expect(botTexts(await log(customer)).at(-1)).to.include('ordernummer');
    await uploadFiles(suite.base, customer.conversationId, customer.token, [{ name: 'factuur.pdf', data: MINIMAL_PDF, type: 'application/pdf' }]);
    const texts = botTexts(await log(customer));
    expect(texts.at(-2)).to.equal('Dank je, ik heb je bestand bij dit gesprek bewaard.');
    expect(texts.at(-1), 'the flow question again').to.include('ordernummer');

    const other = await webChatCustomer(suite.base);
    await uploadFiles(suite.base, other.conversationId, other.token, [{ name: 'doos.png', data: photoPng(), type: 'image/png' }], {
      text: 'hoe lang heb ik om iets te retourneren?',
    });
    expect(botTexts(await log(other)).at(-1)).to.include('30 dagen');
  });

  it('refuses what is not a photo or PDF, too large or too many, with a clear message in the chat and a 4xx', async () => {
    const customer = await webChatCustomer(suite.base);
    const page = Buffer.from('<html><script>alert(1)</script></html>');
    const disguised = await uploadFiles(suite.base, customer.conversationId, customer.token, [{ name: 'foto.jpg', data: page, type: 'image/jpeg' }]);
    expect(disguised.status).to.equal(415);
    expect(disguised.body.error).to.deep.equal({ code: 'attachment_type', message: 'foto.jpg is not a photo (JPEG, PNG, GIF, WebP) or a PDF file' });
    expect(botTexts(await log(customer)).at(-1)).to.equal("foto.jpg kan ik niet aannemen: je kunt foto's (JPG, PNG, GIF, WebP) en PDF-bestanden sturen.");

    const big = Buffer.concat([photoPng(), Buffer.alloc(60 * 1024)]);
    const tooLarge = await uploadFiles(suite.base, customer.conversationId, customer.token, [
      { name: '[klik](https://evil.example).png', data: big, type: 'image/png' },
    ]);
    expect(tooLarge.status).to.equal(413);
    expect(tooLarge.body.error.code).to.equal('attachment_too_large');
    const refusal = botTexts(await log(customer)).at(-1)!;
    expect(refusal).to.include('te groot').and.include('51 KB');
    expect(refusal, 'a file name brings no link into the chat').not.to.match(/[[\]()]/);

    const six = Array.from({ length: 6 }, (_, i) => ({ name: `foto${i}.png`, data: photoPng(), type: 'image/png' }));
    const tooMany = await uploadFiles(suite.base, customer.conversationId, customer.token, six);
    expect(tooMany.status).to.equal(413);
    expect(tooMany.body.error.code).to.equal('too_many_attachments');
    expect(botTexts(await log(customer)).at(-1)).to.include('5 bestanden tegelijk');

    expect(
      botTexts(await log(customer)).filter((t) => t.includes('bewaard')),
      'nothing was kept',
    ).to.deep.equal([]);
    expect((await log(customer)).some((a) => a.attachments?.length)).to.equal(false);
  });

  it('holds at most the configured number of files per conversation', async () => {
    const customer = await webChatCustomer(suite.base);
    const four = Array.from({ length: 4 }, (_, i) => ({ name: `foto${i}.png`, data: photoPng(), type: 'image/png' }));
    expect((await uploadFiles(suite.base, customer.conversationId, customer.token, four)).status).to.equal(200);
    const fifth = await uploadFiles(suite.base, customer.conversationId, customer.token, [{ name: 'nog een.png', data: photoPng(), type: 'image/png' }]);
    expect(fifth.status).to.equal(409);
    expect(fifth.body.error.code).to.equal('attachment_quota');
    expect(botTexts(await log(customer)).at(-1)).to.include('al 4 bestanden bewaard');
  });

  it('takes files only through the upload, only with the conversation’s own token, and only as multipart', async () => {
    const customer = await webChatCustomer(suite.base);
    const other = await webChatCustomer(suite.base);
    const png = [{ name: 'a.png', data: photoPng(), type: 'image/png' }];
    expect((await uploadFiles(suite.base, customer.conversationId, other.token, png)).status).to.equal(403);
    expect((await uploadFiles(suite.base, customer.conversationId, 'not-a-token', png)).status).to.equal(401);
    const json = await request(suite.base, 'POST', `/v3/directline/conversations/${customer.conversationId}/upload`, { type: 'message' }, auth(customer.token));
    expect(json.status).to.equal(415);
    expect(json.body.error.code).to.equal('unsupported_media_type');

    // Attachments or Balie's own marks posted as JSON are not taken: an agent is never shown a link to elsewhere.
    const spoofed = await request(
      suite.base,
      'POST',
      `/v3/directline/conversations/${customer.conversationId}/activities`,
      {
        type: 'message',
        text: 'kijk hier',
        attachments: [{ contentType: 'image/png', contentUrl: 'https://tracker.example/pixel.png' }],
        channelData: { balie: { attachments: [{ id: 'x'.repeat(22), name: 'nep.png', contentType: 'image/png', size: 1 }] } },
      },
      auth(customer.token),
    );
    expect(spoofed.status).to.equal(200);
    const stored = (await log(customer)).find((a) => a.text === 'kijk hier');
    expect(stored.attachments).to.equal(undefined);
    expect(stored.channelData?.balie).to.equal(undefined);
    const event = await request(
      suite.base,
      'POST',
      `/v3/directline/conversations/${customer.conversationId}/activities`,
      { type: 'event', name: 'balie.filesRefused', value: { reason: 'empty' } },
      auth(customer.token),
    );
    expect(event.status, 'the server’s own events cannot be posted').to.equal(400);
  });

  it('goes with the conversation when the customer’s data is erased, and is in their export', async () => {
    const customer = await webChatCustomer(suite.base);
    await uploadFiles(suite.base, customer.conversationId, customer.token, [{ name: 'bon.pdf', data: MINIMAL_PDF, type: 'application/pdf' }]);
    const message = (await log(customer)).find((a) => a.attachments?.length);
    const userId = message.from.id as string;
    const exported = await request(suite.base, 'GET', `/api/admin/customers/${encodeURIComponent(userId)}/export`, undefined, admin);
    const file = exported.body.conversations[0].attachments[0];
    expect(file).to.include({ name: 'bon.pdf', contentType: 'application/pdf', size: MINIMAL_PDF.length });
    expect(Buffer.from(file.base64, 'base64').equals(MINIMAL_PDF)).to.equal(true);

    expect((await fetch(message.attachments[0].contentUrl)).status).to.equal(200);
    expect((await request(suite.base, 'DELETE', `/api/admin/customers/${encodeURIComponent(userId)}`, undefined, admin)).status).to.equal(200);
    expect((await fetch(message.attachments[0].contentUrl)).status).to.equal(404);
  });
});
