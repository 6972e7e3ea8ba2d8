import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join, resolve } from 'path';
import { benchDatabases } from './benchDatabases';
import { RunningServiceHandle, startInstance } from './instances';
import { cpuSeconds, freePort, machineTicks, percentile, postgresCpuSeconds, round2 as round } from './processStats';
import { post } from './turnLoad';

/**
 * `npm run bench:scale [-- --seconds 10 --conversations 16]`
 * The same load (N customers, each sending its next message as soon as the last was answered,
 * a new conversation after eight messages, expectReplies, each message to the next instance as a load balancer without
 * sticky sessions would) against one instance on SQLite and 1, 2 and 3 instances on one
 * PostgreSQL database, side by side in one run. Prints turns/s, latency percentiles and CPU
 * per turn (the instances', and PostgreSQL's), and writes bench/results/scale.json.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const SECONDS = Number(args.get('seconds') ?? 10);
const WARMUP_SECONDS = Number(args.get('warmup') ?? 3);
const CONVERSATIONS = Number(args.get('conversations') ?? 16);
const ADMIN_URL = args.get('postgres') ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** What customers ask: FAQ answers and an order status, in both languages. */
const MESSAGES = [
  'hoe lang duurt de levering?',
  'wat kost verzenden naar België?',
  'Waar is bestelling 100001? Postcode 1234 AB',
  'what are your opening hours?',
  'welke betaalmethodes hebben jullie',
  'how can I return something?',
  'bedankt!',
  'kan ik met een cadeaubon betalen',
];

/** Messages per conversation before its customer leaves and a new one starts. */
const MESSAGES_PER_CONVERSATION = 8;

/** Mean wait for the conversation locks, from the instances' own Prometheus metrics. */
async function meanLockWaitMs(bases: readonly string[]): Promise<number> {
  let sum = 0;
  let count = 0;
  for (const base of bases) {
    const text = await (await fetch(`${base}/metrics`)).text();
    sum += Number(/^balie_lock_wait_seconds_sum (\S+)$/m.exec(text)?.[1] ?? 0);
    count += Number(/^balie_lock_wait_seconds_count (\S+)$/m.exec(text)?.[1] ?? 0);
  }
  return count ? (sum / count) * 1000 : 0;
}

interface Result {
  name: string;
  instances: number;
  store: 'sqlite' | 'postgres';
  turns: number;
  errors: number;
  turnsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number };
  cpuMsPerTurn: { instances: number; postgres: number; loadGenerator: number };
  /** Share of the machine's CPU time that was busy during the measured window (all processes). */
  machineBusy: number;
  meanLockWaitMs: number;
}

async function drive(bases: string[], runId: string, onMeasureStart: () => void): Promise<{ latencies: number[]; errors: number }> {
  let phase: 'warmup' | 'measure' | 'done' = 'warmup';
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const conversation = async (c: number) => {
    for (let m = 0; phase !== 'done'; m++) {
      const base = bases[next++ % bases.length];
      // A new conversation every few messages, as customers come and go (one conversation may not send more than a person could type).
      const id = `${runId}-conversation-${c}-${Math.floor(m / MESSAGES_PER_CONVERSATION)}`;
      const { ok, ms } = await post(base, {
        type: 'message',
        id: `${runId}-${c}-${m}`,
        channelId: 'bench',
        serviceUrl: 'http://127.0.0.1:9',
        conversation: { id },
        from: { id: `${id}-customer` },
        recipient: { id: 'balie' },
        deliveryMode: 'expectReplies',
        text: MESSAGES[(m + c) % MESSAGES.length],
      });
      if (phase !== 'measure') continue;
      if (!ok) errors++;
      else latencies.push(ms);
    }
  };
  const running = Array.from({ length: CONVERSATIONS }, (_, c) => conversation(c));
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  phase = 'measure';
  onMeasureStart();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  phase = 'done';
  await Promise.all(running);
  return { latencies, errors };
}

async function measure(name: string, store: 'sqlite' | 'postgres', instances: RunningServiceHandle[]): Promise<Result> {
  const bases = instances.map((i) => i.base);
  const runId = `${name.replace(/\W+/g, '-')}-${Date.now()}`;
  // CPU is counted over the measured window only: the warm-up runs first.
  const sample = () => ({
    instances: instances.reduce((sum, i) => sum + cpuSeconds(i.pid), 0),
    postgres: postgresCpuSeconds(),
    self: process.cpuUsage(),
    machine: machineTicks(),
  });
  let cpuBefore = sample();
  const { latencies, errors } = await drive(bases, runId, () => (cpuBefore = sample()));
  const cpuAfter = sample();
  const self = process.cpuUsage(cpuBefore.self);
  const sorted = [...latencies].sort((a, b) => a - b);
  const turns = latencies.length;
  return {
    name,
    instances: instances.length,
    store,
    turns,
    errors,
    turnsPerSecond: round(turns / SECONDS),
    latencyMs: { p50: round(percentile(sorted, 0.5)), p90: round(percentile(sorted, 0.9)), p99: round(percentile(sorted, 0.99)) },
    cpuMsPerTurn: {
      instances: round(((cpuAfter.instances - cpuBefore.instances) * 1000) / Math.max(1, turns)),
      postgres: store === 'postgres' ? round(((cpuAfter.postgres - cpuBefore.postgres) * 1000) / Math.max(1, turns)) : 0,
      loadGenerator: round((self.user + self.system) / 1000 / Math.max(1, turns)),
    },
    machineBusy: round((cpuAfter.machine.busy - cpuBefore.machine.busy) / Math.max(1, cpuAfter.machine.total - cpuBefore.machine.total)),
    meanLockWaitMs: round(await meanLockWaitMs(bases)),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'balie-bench-scale-'));
  const databases = await benchDatabases(ADMIN_URL);
  const results: Result[] = [];
  try {
    const configurations: { name: string; store: 'sqlite' | 'postgres'; count: number }[] = [
      { name: '1 instance, SQLite', store: 'sqlite', count: 1 },
      { name: '1 instance, PostgreSQL', store: 'postgres', count: 1 },
      { name: '2 instances, PostgreSQL', store: 'postgres', count: 2 },
      { name: '3 instances, PostgreSQL', store: 'postgres', count: 3 },
    ];
    for (const configuration of configurations) {
      const env: Record<string, string> = { BALIE_DATA_DIR: join(dir, configuration.name.replace(/\W+/g, '-')) };
      if (configuration.store === 'postgres') env.DATABASE_URL = await databases.create();
      // The first instance migrates; the others start on the migrated database.
      const instances: RunningServiceHandle[] = [await startInstance({ ...env, PORT: String(await freePort()) })];
      for (let i = 1; i < configuration.count; i++) instances.push(await startInstance({ ...env, PORT: String(await freePort()) }));
      try {
        const result = await measure(configuration.name, configuration.store, instances);
        results.push(result);
        console.error(`${result.name}: ${result.turnsPerSecond} turns/s, p99 ${result.latencyMs.p99} ms, ${result.errors} errors`);
      } finally {
        for (const instance of instances) await instance.stop();
      }
    }
  } finally {
    await databases.dropAll();
    rmSync(dir, { recursive: true, force: true });
  }

  const base = results.find((r) => r.name === '1 instance, PostgreSQL')!;
  console.log(
    `\n${CONVERSATIONS} conversations, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}\n`,
  );
  console.log(
    '| configuration | turns/s | vs 1 instance on PostgreSQL | p50 ms | p90 ms | p99 ms | CPU ms/turn: instances | PostgreSQL | load generator | machine busy | mean lock wait ms | errors |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const pct = `${Math.round(r.machineBusy * 100)}%`;
    console.log(
      `| ${r.name} | ${r.turnsPerSecond} | ${(r.turnsPerSecond / base.turnsPerSecond).toFixed(2)}× | ${r.latencyMs.p50} | ${r.latencyMs.p90} | ${r.latencyMs.p99} | ${r.cpuMsPerTurn.instances} | ${r.store === 'postgres' ? r.cpuMsPerTurn.postgres : '–'} | ${r.cpuMsPerTurn.loadGenerator} | ${pct} | ${r.meanLockWaitMs} | ${r.errors} |`,
    );
  }
  const out = resolve(__dirname, '../../bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'scale.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, conversations: CONVERSATIONS, seconds: SECONDS, results }, null, 2)}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
