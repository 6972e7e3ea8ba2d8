import { expect } from 'chai';
import { cpSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { SAMPLE_CONTENT_DIR, tempDir } from '../helpers/fixtures';
import { freshPostgresUrl } from '../helpers/testDatabases';
import { messageActivity, replyTexts, request } from '../helpers/httpClient';
import { runService, waitForPort } from '../helpers/processes';

const run = runService;

describe('the service as a process (npm start)', function () {
  // Start-up waits for readiness, not a fixed time: give a slow machine room.
  this.timeout(180_000);
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('starts, answers, writes structured JSON logs, and stops cleanly on SIGTERM', async () => {
    const running = run({ PORT: '0', BALIE_DATA_DIR: join(dir.path, 'data') });
    const port = await waitForPort(running);
    const reply = await request(`http://127.0.0.1:${port}`, 'POST', '/api/messages', messageActivity('proc-1', 'hoe lang duurt de levering'));
    expect(replyTexts(reply)).to.include('de volgende dag');
    running.child.kill('SIGTERM');
    expect(await running.exited).to.equal(0);
    const lines = running
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.msg)).to.include.members(['NLU model trained', 'request', 'shutting down', 'Balie stopped']);
    expect(lines.every((l) => typeof l.level === 'number' && typeof l.time === 'string')).to.equal(true);
  });

  it('refuses to start on a broken content file, naming the file, intent and field', async () => {
    const content = join(dir.path, 'content');
    cpSync(SAMPLE_CONTENT_DIR, content, { recursive: true });
    const file = join(content, 'intents', 'refund.status.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.answer.nl = '';
    writeFileSync(file, JSON.stringify(data));
    const running = run({ PORT: '0', BALIE_DATA_DIR: join(dir.path, 'data'), BALIE_CONTENT_DIR: content });
    expect(await running.exited).to.equal(1);
    expect(running.stderr()).to.include('refund.status.json').and.include('intent "refund.status"').and.include('field "answer.nl"');
  });

  it('says which store it uses: the SQLite file by default, PostgreSQL with DATABASE_URL (without the password)', async () => {
    const sqlite = run({ PORT: '0', BALIE_DATA_DIR: join(dir.path, 'data') });
    await waitForPort(sqlite);
    sqlite.child.kill('SIGTERM');
    await sqlite.exited;
    expect(sqlite.stdout()).to.include(`"msg":"storage: SQLite file ${join(dir.path, 'data', 'balie.sqlite')}"`);
    const { url, drop } = await freshPostgresUrl();
    try {
      const withPassword = new URL(url);
      withPassword.password = 'not-needed-with-trust-auth';
      const postgres = run({ PORT: '0', BALIE_DATA_DIR: join(dir.path, 'data'), DATABASE_URL: withPassword.toString() });
      await waitForPort(postgres);
      postgres.child.kill('SIGTERM');
      expect(await postgres.exited).to.equal(0);
      const storageLine = postgres
        .stdout()
        .split('\n')
        .find((l) => l.includes('"msg":"storage: PostgreSQL'));
      expect(storageLine).to.include(`${withPassword.hostname}:${withPassword.port}${withPassword.pathname}`);
      expect(postgres.stdout() + postgres.stderr()).not.to.include('not-needed-with-trust-auth');
    } finally {
      await drop();
    }
  });

  it('refuses to start when PostgreSQL cannot be reached, naming DATABASE_URL and the host', async () => {
    // Port 9 (discard) on loopback: nothing listens there.
    const running = run({ PORT: '0', BALIE_DATA_DIR: join(dir.path, 'data'), DATABASE_URL: 'postgres://balie:secret-pw@127.0.0.1:9/balie' });
    expect(await running.exited).to.equal(1);
    expect(running.stderr()).to.include('DATABASE_URL').and.include('127.0.0.1:9').and.include('ECONNREFUSED');
    expect(running.stderr() + running.stdout()).not.to.include('secret-pw');
  });

  it('refuses to start on a bad environment variable, naming it', async () => {
    const running = run({ PORT: 'not-a-port', BALIE_DATA_DIR: join(dir.path, 'data') });
    expect(await running.exited).to.equal(1);
    expect(running.stderr()).to.include('PORT');
  });
});
