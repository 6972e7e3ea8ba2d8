import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { resolve } from 'path';
import pino from 'pino';
import { Writable } from 'stream';
import type { BalieService } from '../../app/service';
import { bootstrapAdmin } from '../../app/bootstrapAdmin';
import { testConfig, startTestService } from '../helpers/fixtures';
import { messageActivity, request } from '../helpers/httpClient';
import { EventStreamReader, eventually } from '../helpers/liveClients';
import { freshDatabase, TestDatabase } from '../helpers/testDatabases';

const ADMIN_PASSWORD = 'admin-accounts-password';
const ENV = { BALIE_ADMIN_PASSWORD: ADMIN_PASSWORD, BALIE_BCRYPT_ROUNDS: '4', BALIE_BUSINESS_HOURS: 'always' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('accounts: passwords, disabling, roles and the audit log', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let service: BalieService;
  let base: string;
  let admin: string;
  let sanneId: string;

  const login = async (username: string, password: string) => request(base, 'POST', '/api/agent/login', { username, password });

  beforeEach(async () => {
    database = await freshDatabase('sqlite');
    ({ service, base } = await startTestService(database, ENV));
    admin = (await login('admin', ADMIN_PASSWORD)).body.token;
    sanneId = (await service.agents.create({ username: 'sanne', name: 'Sanne', role: 'agent', password: 'sanne-password-1' })).id;
  });
  afterEach(async () => {
    await service.close();
    await database.cleanup();
  });

  it('lets an agent change their own password, which ends their sessions', async () => {
    const token = (await login('sanne', 'sanne-password-1')).body.token;
    const wrong = await request(base, 'POST', '/api/agent/password', { currentPassword: 'nope', newPassword: 'sanne-password-2' }, bearer(token));
    expect(wrong.status).to.equal(403);
    expect(wrong.body.error.message).to.include('body.currentPassword');
    const short = await request(base, 'POST', '/api/agent/password', { currentPassword: 'sanne-password-1', newPassword: 'short' }, bearer(token));
    expect(short.status).to.equal(400);
    expect(
      (await request(base, 'POST', '/api/agent/password', { currentPassword: 'sanne-password-1', newPassword: 'sanne-password-2' }, bearer(token))).status,
    ).to.equal(204);
    expect((await request(base, 'GET', '/api/agent/me', undefined, bearer(token))).status).to.equal(401);
    expect((await login('sanne', 'sanne-password-1')).status).to.equal(401);
    expect((await login('sanne', 'sanne-password-2')).status).to.equal(200);
  });

  it('lets a supervisor reset, disable and enable accounts and change roles; each ends the account’s open console stream', async () => {
    expect((await request(base, 'GET', '/api/agent/accounts', undefined, bearer((await login('sanne', 'sanne-password-1')).body.token))).status).to.equal(403);
    const accounts = await request(base, 'GET', '/api/agent/accounts', undefined, bearer(admin));
    expect(accounts.body.items.map((a: { username: string }) => a.username)).to.deep.equal(['admin', 'sanne']);

    const stream = await EventStreamReader.open(base, (await login('sanne', 'sanne-password-1')).body.token);
    expect((await request(base, 'POST', `/api/agent/accounts/${sanneId}/disabled`, { disabled: true }, bearer(admin))).status).to.equal(204);
    await eventually(() => stream.ended, 'the disabled agent’s stream to end', 5_000);
    expect((await login('sanne', 'sanne-password-1')).status, 'a disabled account cannot log in').to.equal(401);
    await request(base, 'POST', `/api/agent/accounts/${sanneId}/disabled`, { disabled: false }, bearer(admin));

    expect((await request(base, 'POST', `/api/agent/accounts/${sanneId}/password`, { password: 'reset-by-admin-1' }, bearer(admin))).status).to.equal(204);
    expect((await login('sanne', 'reset-by-admin-1')).status).to.equal(200);
    expect((await request(base, 'POST', `/api/agent/accounts/${sanneId}/role`, { role: 'supervisor' }, bearer(admin))).status).to.equal(204);
    expect((await login('sanne', 'reset-by-admin-1')).body.agent.role).to.equal('supervisor');
    expect((await request(base, 'POST', '/api/agent/accounts/nobody/role', { role: 'agent' }, bearer(admin))).status).to.equal(404);

    const audit = await request(base, 'GET', `/api/agent/audit?subject=agent:${sanneId}`, undefined, bearer(admin));
    expect(audit.body.items.map((e: { action: string }) => e.action)).to.deep.equal([
      'account.role',
      'account.password_reset',
      'account.enabled',
      'account.disabled',
    ]);
  });

  it('never lets the last active supervisor be demoted or disabled', async () => {
    const adminId = (await request(base, 'GET', '/api/agent/me', undefined, bearer(admin))).body.agent.id;
    expect((await request(base, 'POST', `/api/agent/accounts/${adminId}/role`, { role: 'agent' }, bearer(admin))).status).to.equal(409);
    expect((await request(base, 'POST', `/api/agent/accounts/${adminId}/disabled`, { disabled: true }, bearer(admin))).status).to.equal(409);
  });

  it('records who read which conversation', async () => {
    await request(base, 'POST', '/api/agent/status', { status: 'online' }, bearer(admin));
    await request(base, 'POST', '/api/messages', messageActivity('read-1', 'ik wil een medewerker spreken'));
    expect((await request(base, 'GET', '/api/agent/conversations/read-1', undefined, bearer(admin))).status).to.equal(200);
    const audit = await request(base, 'GET', '/api/agent/audit?subject=read-1', undefined, bearer(admin));
    expect(audit.body.items).to.have.length(1);
    expect(audit.body.items[0]).to.include({ action: 'conversation.read', subject: 'read-1' });
    expect(audit.body.items[0].actor).to.match(/^agent:/);
  });

  it('administers accounts from the command line', async () => {
    const cli = resolve(__dirname, '../../app/cli/agentAccount.js');
    const env = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', BALIE_DATA_DIR: database.dataDir, BALIE_BCRYPT_ROUNDS: '4' };
    execFileSync(process.execPath, [cli, 'passwd', '--username', 'sanne'], { env, input: 'set-from-cli-1\n' });
    expect((await login('sanne', 'set-from-cli-1')).status).to.equal(200);
    execFileSync(process.execPath, [cli, 'disable', '--username', 'sanne'], { env });
    expect((await login('sanne', 'set-from-cli-1')).status).to.equal(401);
    const out = execFileSync(process.execPath, [cli, 'role', '--username', 'sanne', '--role', 'supervisor'], { env }).toString();
    expect(out).to.include('is now supervisor');
  });
});

describe('the generated admin password', () => {
  it('is printed once to the terminal and never written to the JSON log', async () => {
    const database = await freshDatabase('sqlite');
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    let printed = '';
    const { openStore } = await import('../../store/openStore');
    const { AgentDirectory } = await import('../../agents/agentDirectory');
    const store = await openStore(database.location, { logger, instanceId: 'bootstrap' });
    const agents = new AgentDirectory(store.agentAccounts, { clock: () => new Date(), bcryptRounds: 4, tokenTtlMinutes: 60, presenceTimeoutMinutes: 10 });
    try {
      await bootstrapAdmin(agents, testConfig(database.dataDir, {}), logger, (text) => (printed += text));
      const password = /one-time password: (\S+)/.exec(printed)?.[1];
      expect(password).to.be.a('string');
      expect(lines.join('')).not.to.include(password!);
      expect(lines.join('')).to.include('printed to the terminal');
      expect(await agents.login('admin', password!)).to.not.equal(undefined);
    } finally {
      await agents.close();
      await store.close();
      await database.cleanup();
    }
  });
});
