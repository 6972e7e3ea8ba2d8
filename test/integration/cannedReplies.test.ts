import { expect } from 'chai';
import type { BalieService } from '../../app/service';
import { startTestService } from '../helpers/fixtures';
import { request } from '../helpers/httpClient';
import { freshDatabase, TestDatabase } from '../helpers/testDatabases';

const ENV = { BALIE_ADMIN_PASSWORD: 'admin-canned-password', BALIE_BCRYPT_ROUNDS: '4' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('canned replies over HTTP', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let service: BalieService;
  let base: string;
  let admin: ReturnType<typeof bearer>;
  let agent: ReturnType<typeof bearer>;

  const login = async (username: string, password: string) => bearer((await request(base, 'POST', '/api/agent/login', { username, password })).body.token);

  before(async () => {
    database = await freshDatabase('sqlite');
    ({ service, base } = await startTestService(database, ENV));
    admin = await login('admin', 'admin-canned-password');
    await service.agents.create({ username: 'sanne', name: 'Sanne', role: 'agent', password: 'sanne-password-1' });
    agent = await login('sanne', 'sanne-password-1');
  });
  after(async () => {
    await service.close();
    await database.cleanup();
  });

  it("starts with the content pack's replies, which every agent reads, per language", async () => {
    expect((await request(base, 'GET', '/api/agent/canned-replies')).status).to.equal(401);
    const all = (await request(base, 'GET', '/api/agent/canned-replies', undefined, agent)).body.items;
    expect(all).to.have.length(12);
    const dutch = (await request(base, 'GET', '/api/agent/canned-replies?language=nl', undefined, agent)).body.items;
    expect(dutch.map((r: any) => r.title))
      .to.include('Begroeting')
      .and.include('Bestelling nagekeken');
    expect(dutch.every((r: any) => r.language === 'nl')).to.equal(true);
    const bad = await request(base, 'GET', '/api/agent/canned-replies?language=de', undefined, agent);
    expect(bad.status).to.equal(400);
    expect(bad.body.error.message).to.include('query.language');
  });

  it('lets supervisors write, change and delete them (audited), and no one else', async () => {
    const reply = { language: 'nl', title: 'Retourlabel', text: 'Hoi {{name}}, je retourlabel staat in Mijn account.' };
    expect((await request(base, 'POST', '/api/agent/canned-replies', reply, agent)).status).to.equal(403);
    const unknownPlaceholder = await request(base, 'POST', '/api/agent/canned-replies', { ...reply, text: 'Hoi {{voornaam}}' }, admin);
    expect(unknownPlaceholder.status).to.equal(400);
    expect(unknownPlaceholder.body.error.message).to.include('body.text').and.include('{{name}}');
    const empty = await request(base, 'POST', '/api/agent/canned-replies', { ...reply, title: ' ' }, admin);
    expect(empty.body.error.message).to.include('body.title');

    const created = await request(base, 'POST', '/api/agent/canned-replies', reply, admin);
    expect(created.status).to.equal(201);
    expect(created.body.reply).to.include(reply);
    const id = created.body.reply.id;
    expect((await request(base, 'PUT', `/api/agent/canned-replies/${id}`, { ...reply, text: 'Je retourlabel staat in Mijn account.' }, agent)).status).to.equal(
      403,
    );
    const changed = await request(base, 'PUT', `/api/agent/canned-replies/${id}`, { ...reply, text: 'Je retourlabel staat in Mijn account.' }, admin);
    expect(changed.body.reply.text).to.equal('Je retourlabel staat in Mijn account.');
    expect((await request(base, 'PUT', '/api/agent/canned-replies/nope', reply, admin)).status).to.equal(404);
    expect((await request(base, 'DELETE', `/api/agent/canned-replies/${id}`, undefined, agent)).status).to.equal(403);
    expect((await request(base, 'DELETE', `/api/agent/canned-replies/${id}`, undefined, admin)).status).to.equal(204);
    expect((await request(base, 'DELETE', `/api/agent/canned-replies/${id}`, undefined, admin)).status).to.equal(404);

    const audit = (await request(base, 'GET', `/api/agent/audit?subject=${id}`, undefined, admin)).body.items.map((e: any) => e.action);
    expect(audit).to.have.members(['canned_reply.created', 'canned_reply.changed', 'canned_reply.deleted']);
  });

  it('does not bring back deleted pack replies on the next start', async () => {
    const items = (await request(base, 'GET', '/api/agent/canned-replies', undefined, admin)).body.items;
    for (const item of items) await request(base, 'DELETE', `/api/agent/canned-replies/${item.id}`, undefined, admin);
    await service.close();
    ({ service, base } = await startTestService(database, ENV));
    admin = await login('admin', 'admin-canned-password');
    expect((await request(base, 'GET', '/api/agent/canned-replies', undefined, admin)).body.items).to.deep.equal([]);
  });
});
