import { expect } from 'chai';
import type { BalieService } from '../../app/service';
import { startTestService } from '../helpers/fixtures';
import { request } from '../helpers/httpClient';
import { freshDatabase, TestDatabase } from '../helpers/testDatabases';

const ENV = { BALIE_ADMIN_PASSWORD: 'admin-session-password', BALIE_BCRYPT_ROUNDS: '4' };

describe('one login for the console and the dashboard: the session cookie', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let service: BalieService;
  let base: string;

  before(async () => {
    database = await freshDatabase('sqlite');
    ({ service, base } = await startTestService(database, { ...ENV, BALIE_PUBLIC_URL: 'https://desk.shop.example' }));
  });
  after(async () => {
    await service.close();
    await database.cleanup();
  });

  const login = () => request(base, 'POST', '/api/agent/login', { username: 'admin', password: 'admin-session-password' });
  const cookieOf = (setCookie: string) => setCookie.split(';')[0];

  it('sets an HttpOnly, SameSite=Strict cookie (Secure behind an https address) holding the same login as the token', async () => {
    const res = await login();
    const setCookie = res.headers['set-cookie'];
    expect(setCookie).to.match(/^balie_session=[^;]+;/);
    expect(setCookie).to.include('HttpOnly').and.include('SameSite=Strict').and.include('Secure').and.include('Path=/').and.include('Expires=');
    expect(cookieOf(setCookie)).to.equal(`balie_session=${res.body.token}`);
    expect(res.body.csrfToken).to.be.a('string').and.not.equal(res.body.token);

    // A new tab: the cookie alone reads, and gets the CSRF token for its changes.
    const me = await request(base, 'GET', '/api/agent/me', undefined, { cookie: cookieOf(setCookie) });
    expect(me.status).to.equal(200);
    expect(me.body.csrfToken).to.equal(res.body.csrfToken);
    expect((await request(base, 'GET', '/api/analytics/summary', undefined, { cookie: cookieOf(setCookie) })).status).to.equal(200);
  });

  it('refuses a change made with the cookie without the right CSRF token, and takes it with it', async () => {
    const { headers, body } = await login();
    const cookie = cookieOf(headers['set-cookie']);
    const without = await request(base, 'POST', '/api/agent/status', { status: 'away' }, { cookie });
    expect(without.status).to.equal(403);
    expect(without.body.error).to.include({ code: 'csrf' });
    expect((await request(base, 'POST', '/api/agent/status', { status: 'away' }, { cookie, 'x-csrf-token': 'guess' })).status).to.equal(403);
    expect((await request(base, 'POST', '/api/agent/status', { status: 'away' }, { cookie, 'x-csrf-token': body.csrfToken })).status).to.equal(200);
    // The Bearer token needs no CSRF token: no browser sends it on its own.
    expect((await request(base, 'POST', '/api/agent/status', { status: 'online' }, { authorization: `Bearer ${body.token}` })).status).to.equal(200);
  });

  it('ends the cookie and the token together, whichever logs out', async () => {
    const first = await login();
    const cookie = cookieOf(first.headers['set-cookie']);
    const out = await request(base, 'POST', '/api/agent/logout', undefined, { cookie, 'x-csrf-token': first.body.csrfToken });
    expect(out.status).to.equal(204);
    expect(out.headers['set-cookie']).to.match(/^balie_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await request(base, 'GET', '/api/agent/me', undefined, { authorization: `Bearer ${first.body.token}` })).status).to.equal(401);

    const second = await login();
    await request(base, 'POST', '/api/agent/logout', undefined, { authorization: `Bearer ${second.body.token}` });
    expect((await request(base, 'GET', '/api/agent/me', undefined, { cookie: cookieOf(second.headers['set-cookie']) })).status).to.equal(401);
  });

  it('opens the console stream with the cookie', async () => {
    const { headers } = await login();
    const controller = new AbortController();
    const res = await fetch(`${base}/api/agent/stream`, { headers: { cookie: cookieOf(headers['set-cookie']) }, signal: controller.signal });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.include('text/event-stream');
    controller.abort();
  });
});
