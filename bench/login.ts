/**
 * `npm run bench:login`: how a login flood affects everything else. Two password hashers side
 * by side, alternating rounds in one run: bcryptjs's async API on the event loop (the old
 * way) and the worker-thread pool the service uses. Eight clients log in as fast as they can
 * (right password, bcrypt cost 10: every attempt is a full compare) while a probe asks
 * `/healthz` every 20 ms. Prints /healthz p50/p99, logins/s and CPU ms per login (the whole
 * process, worker threads included).
 */
import express from 'express';
import { AddressInfo } from 'net';
import pino from 'pino';
import { AgentDirectory } from '../agents/agentDirectory';
import { InlinePasswordHasher, PasswordHasher, WorkerPasswordHasher } from '../agents/passwordHasher';
import { openStore } from '../store/openStore';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROUND_MS = 6_000;
const ROUNDS = 2;
const CLIENTS = 8;
const PROBE_EVERY_MS = 20;
const PASSWORD = 'bench-login-password';

interface RoundResult {
  readonly logins: number;
  readonly seconds: number;
  readonly cpuMsPerLogin: number;
  readonly healthz: number[];
}

async function round(hasher: PasswordHasher, dir: string): Promise<RoundResult> {
  const store = await openStore({ kind: 'sqlite', file: join(dir, `${Date.now()}.sqlite`) }, { logger: pino({ level: 'silent' }), instanceId: 'bench' });
  const agents = new AgentDirectory(store.agentAccounts, {
    clock: () => new Date(),
    bcryptRounds: 10,
    tokenTtlMinutes: 60,
    presenceTimeoutMinutes: 10,
    hasher,
  });
  await agents.create({ username: 'flood', name: 'Flood', role: 'agent', password: PASSWORD });
  const app = express();
  app.use(express.json());
  app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
  app.post('/login', async (req, res) => {
    const { username, password } = req.body as { username: string; password: string };
    res.status((await agents.login(username, password)) ? 200 : 401).end();
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const until = Date.now() + ROUND_MS;
  let logins = 0;
  const healthz: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const client = async () => {
    while (Date.now() < until) {
      const response = await fetch(`${base}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'flood', password: PASSWORD }),
      });
      if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
      logins++;
    }
  };
  const probe = async () => {
    while (Date.now() < until) {
      const sent = process.hrtime.bigint();
      await (await fetch(`${base}/healthz`)).text();
      healthz.push(Number(process.hrtime.bigint() - sent) / 1e6);
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
  };
  await Promise.all([probe(), ...Array.from({ length: CLIENTS }, client)]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  return { logins, seconds, cpuMsPerLogin: (cpu.user + cpu.system) / 1000 / Math.max(1, logins), healthz };
}

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'balie-bench-login-'));
  const results = new Map<string, RoundResult[]>([
    ['inline (bcryptjs async, event loop)', []],
    ['worker threads (the service)', []],
  ]);
  try {
    for (let i = 0; i < ROUNDS; i++) {
      results.get('inline (bcryptjs async, event loop)')!.push(await round(new InlinePasswordHasher(), dir));
      const workers = new WorkerPasswordHasher();
      results.get('worker threads (the service)')!.push(await round(workers, dir));
      await workers.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `bench:login: ${CLIENTS} clients logging in (bcrypt cost 10) for ${ROUND_MS / 1000} s per round, ${ROUNDS} rounds each, alternating; /healthz probed every ${PROBE_EVERY_MS} ms`,
  );
  console.log('hasher                               | /healthz p50 | /healthz p99 | logins/s | CPU ms/login');
  const rows: { name: string; p50: number }[] = [];
  for (const [name, rounds] of results) {
    const healthz = rounds.flatMap((r) => r.healthz);
    const logins = rounds.reduce((sum, r) => sum + r.logins, 0);
    const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
    const cpu = rounds.reduce((sum, r) => sum + r.cpuMsPerLogin * r.logins, 0) / Math.max(1, logins);
    const p50 = percentile(healthz, 0.5);
    rows.push({ name, p50 });
    console.log(
      `${name.padEnd(36)} | ${p50.toFixed(1).padStart(9)} ms | ${percentile(healthz, 0.99).toFixed(1).padStart(9)} ms | ${(logins / seconds).toFixed(1).padStart(8)} | ${cpu.toFixed(1).padStart(12)}`,
    );
  }
  console.log(`/healthz p50 during the flood, worker threads against inline: ${(rows[1].p50 / rows[0].p50).toFixed(2)}×`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
