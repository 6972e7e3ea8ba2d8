import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { cpus, totalmem, tmpdir } from 'os';
import { join, resolve } from 'path';
import { benchDatabases } from './benchDatabases';
import { RunningServiceHandle, startInstance } from './instances';
import { cpuSeconds, freePort, percentile, postgresCpuSeconds, round2, rssMiB, writeBetweenMarkers } from './processStats';
import { memoryAfterGc } from './inspector';
import { activity, customersTalking, post } from './turnLoad';

/**
 * `npm run bench:turn [-- --seconds 8 --warmup 3 --conversations 16 --rounds 2 --memory-turns 15000 --write]`
 *
 * Balie's full support turn against a bare CloudAdapter echo bot (bench/echoBot.ts), side by
 * side in one run: the same load (N concurrent conversations, each sending its next message as
 * soon as the last was answered, expectReplies, loopback) against the echo bot, Balie on SQLite
 * with MainDialog echoing (bench/echoDialogService.ts: the service around the conversation, without
 * the conversation), Balie on SQLite and Balie on PostgreSQL, in alternating rounds so that the
 * machine's noise falls on all four.
 * Balie's customers follow the committed mix in bench/turnMix.ts (half FAQ, half order-flow
 * steps, Dutch and English; a new conversation after each script). Then a memory run per store:
 * `--memory-turns` turns over 1,000 conversations on a fresh instance, RSS after a third of them
 * and at the end, beside the idle RSS after start. Prints the tables; `--write` also puts them
 * into docs/BENCHMARKS.md. Results land in bench/results/turn.json.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const name = process.argv[i].replace(/^--/, '');
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) {
    args.set(name, 'true');
  } else {
    args.set(name, value);
    i++;
  }
}
const SECONDS = Number(args.get('seconds') ?? 8);
const WARMUP_SECONDS = Number(args.get('warmup') ?? 3);
const CONVERSATIONS = Number(args.get('conversations') ?? 16);
const ROUNDS = Number(args.get('rounds') ?? 2);
const MEMORY_TURNS = Number(args.get('memory-turns') ?? 15_000);
const MEMORY_CONVERSATIONS = Number(args.get('memory-conversations') ?? 1_000);
const WRITE = args.get('write') === 'true';
const ADMIN_URL = args.get('postgres') ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ECHO_ENTRY = resolve(__dirname, 'echoBot.js');
const ECHO_DIALOG_ENTRY = resolve(__dirname, 'echoDialogService.js');

type Target = 'echo' | 'echoDialog' | 'sqlite' | 'postgres';
const TARGETS: readonly Target[] = ['echo', 'echoDialog', 'sqlite', 'postgres'];
const TARGET_NAMES: Record<Target, string> = {
  echo: 'bare CloudAdapter echo bot',
  echoDialog: 'Balie, SQLite, MainDialog echoing',
  sqlite: 'Balie, SQLite',
  postgres: 'Balie, PostgreSQL',
};

interface Window {
  target: Target;
  round: number;
  turns: number;
  errors: number;
  turnsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number };
  /** CPU time of the server process per turn (and of PostgreSQL's processes, for Balie on PostgreSQL). */
  cpuMsPerTurn: { server: number; postgres: number; loadGenerator: number };
  rssMiB: number;
}

/** Throughput and latency over a measured window after a warm-up, the CPU counted over the window only. */
async function measureWindow(target: Target, round: number, server: RunningServiceHandle): Promise<Window> {
  const runId = `r${round}-${target}-${Date.now()}`;
  let phase: 'warmup' | 'measure' | 'done' = 'warmup';
  const latencies: number[] = [];
  let errors = 0;
  const sample = () => ({ server: cpuSeconds(server.pid), postgres: postgresCpuSeconds(), self: process.cpuUsage() });
  const running = customersTalking(
    server.base,
    runId,
    CONVERSATIONS,
    () => phase === 'done',
    (ok, ms) => {
      if (phase !== 'measure') return;
      if (ok) latencies.push(ms);
      else errors++;
    },
  );
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  const before = sample();
  phase = 'measure';
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  phase = 'done';
  const after = sample();
  const self = process.cpuUsage(before.self);
  await running;
  const sorted = latencies.sort((a, b) => a - b);
  const turns = Math.max(1, sorted.length);
  return {
    target,
    round,
    turns: sorted.length,
    errors,
    turnsPerSecond: round2(sorted.length / SECONDS),
    latencyMs: { p50: round2(percentile(sorted, 0.5)), p90: round2(percentile(sorted, 0.9)), p99: round2(percentile(sorted, 0.99)) },
    cpuMsPerTurn: {
      server: round2(((after.server - before.server) * 1000) / turns),
      postgres: target === 'postgres' ? round2(((after.postgres - before.postgres) * 1000) / turns) : 0,
      loadGenerator: round2((self.user + self.system) / 1000 / turns),
    },
    rssMiB: rssMiB(server.pid),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

/** Memory after a full garbage collection (the server runs with --expose-gc and an inspector port). */
interface MemoryPoint {
  rssMiB: number;
  heapUsedMiB: number;
}

interface MemoryRun {
  target: Target;
  idle: MemoryPoint;
  afterFirstThird: MemoryPoint;
  atEnd: MemoryPoint;
  /** Plain RSS while under load: median of samples every 50 turns over the last 1,000 turns before each point. */
  loadedRssAfterFirstThirdMiB: number;
  loadedRssAtEndMiB: number;
  turns: number;
  errors: number;
  cpuMsPerTurn: number;
}

/** `MEMORY_TURNS` turns spread evenly over `MEMORY_CONVERSATIONS` conversations, CONVERSATIONS at a time. */
async function memoryRun(target: Target, server: RunningServiceHandle, inspectorPort: number): Promise<MemoryRun> {
  await new Promise((r) => setTimeout(r, 2000));
  const idle = await memoryAfterGc(inspectorPort);
  const runId = `mem-${target}-${Date.now()}`;
  const turnsOf = new Array<number>(MEMORY_CONVERSATIONS).fill(0);
  let sent = 0;
  let errors = 0;
  // RSS swings with every garbage collection: sampled every 50 turns, and compared as the median
  // over the last 1,000 turns before each point.
  const samples: { turn: number; rss: number }[] = [];
  const third = Math.floor(MEMORY_TURNS / 3);
  const medianRss = (upTo: number) => round2(median(samples.filter((s) => s.turn > upTo - 1000 && s.turn <= upTo).map((s) => s.rss)));
  const cpuBefore = cpuSeconds(server.pid);
  let sentLimit = 0;
  const worker = async (w: number) => {
    for (let k = w; ; k += CONVERSATIONS) {
      if (sent >= sentLimit) return;
      const index = sent++;
      const c = k % MEMORY_CONVERSATIONS;
      const language = c % 2 === 0 ? 'nl' : 'en';
      const { ok } = await post(server.base, activity(runId, String(c), turnsOf[c]++, language));
      if (!ok) errors++;
      if ((index + 1) % 50 === 0) samples.push({ turn: index + 1, rss: rssMiB(server.pid) });
    }
  };
  // The first third, a full collection and a reading, then the rest.
  sentLimit = third;
  await Promise.all(Array.from({ length: CONVERSATIONS }, (_, w) => worker(w)));
  const afterFirstThird = await memoryAfterGc(inspectorPort);
  sentLimit = MEMORY_TURNS;
  await Promise.all(Array.from({ length: CONVERSATIONS }, (_, w) => worker(w)));
  return {
    target,
    idle,
    afterFirstThird,
    atEnd: await memoryAfterGc(inspectorPort),
    loadedRssAfterFirstThirdMiB: medianRss(third),
    loadedRssAtEndMiB: medianRss(MEMORY_TURNS),
    turns: MEMORY_TURNS,
    errors,
    cpuMsPerTurn: round2(((cpuSeconds(server.pid) - cpuBefore) * 1000) / MEMORY_TURNS),
  };
}

async function startTarget(target: Target, dir: string, databaseUrl: () => Promise<string>, extra: Record<string, string> = {}): Promise<RunningServiceHandle> {
  const port = String(await freePort());
  if (target === 'echo') return startInstance({ PORT: port, ...extra }, ECHO_ENTRY);
  const env: Record<string, string> = { PORT: port, BALIE_DATA_DIR: join(dir, `${target}-${port}`), ...extra };
  if (target === 'postgres') env.DATABASE_URL = await databaseUrl();
  return startInstance(env, target === 'echoDialog' ? ECHO_DIALOG_ENTRY : undefined);
}

function tables(windows: Window[], memory: MemoryRun[]): string {
  const lines: string[] = [];
  const byTarget = (t: Target) => windows.filter((w) => w.target === t);
  const echoRound = (round: number) => windows.find((w) => w.target === 'echo' && w.round === round)!;
  lines.push(
    '| server | turns/s | vs echo (throughput) | p50 ms | p90 ms | p99 ms | p99 vs echo | server CPU ms/turn | PostgreSQL CPU ms/turn | RSS MiB | errors |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const t of TARGETS) {
    const ws = byTarget(t);
    if (ws.length === 0) continue;
    const ratio = median(ws.map((w) => w.turnsPerSecond / echoRound(w.round).turnsPerSecond));
    const p99Ratio = median(ws.map((w) => w.latencyMs.p99 / echoRound(w.round).latencyMs.p99));
    lines.push(
      `| ${TARGET_NAMES[t]} | ${round2(median(ws.map((w) => w.turnsPerSecond)))} | ${t === 'echo' ? '1' : ratio.toFixed(2)}× | ${round2(median(ws.map((w) => w.latencyMs.p50)))} | ${round2(median(ws.map((w) => w.latencyMs.p90)))} | ${round2(median(ws.map((w) => w.latencyMs.p99)))} | ${t === 'echo' ? '1' : p99Ratio.toFixed(2)}× | ${round2(median(ws.map((w) => w.cpuMsPerTurn.server)))} | ${t === 'postgres' ? round2(median(ws.map((w) => w.cpuMsPerTurn.postgres))) : '–'} | ${Math.max(...ws.map((w) => w.rssMiB))} | ${ws.reduce((s, w) => s + w.errors, 0)} |`,
    );
  }
  // CPU compared within each round, like throughput (the machine's speed drifts between rounds), then the median.
  const perRound = (t: Target, base: Target, compare: (a: number, b: number) => number) =>
    byTarget(t).flatMap((w) => {
      const other = windows.find((x) => x.target === base && x.round === w.round);
      return other ? [compare(w.cpuMsPerTurn.server, other.cpuMsPerTurn.server)] : [];
    });
  const listed = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
  const postgresOverSqlite = perRound('postgres', 'sqlite', (a, b) => a / b);
  if (postgresOverSqlite.length)
    lines.push(
      '',
      `Balie's own CPU per turn on PostgreSQL is ${median(postgresOverSqlite).toFixed(2)}× its CPU per turn on SQLite (median of the rounds: ${listed(postgresOverSqlite)}).`,
    );
  const echoDialogOverEcho = perRound('echoDialog', 'echo', (a, b) => a / b);
  const sqliteOverEcho = perRound('sqlite', 'echo', (a, b) => a / b);
  const conversationMs = perRound('sqlite', 'echoDialog', (a, b) => a - b);
  if (echoDialogOverEcho.length && sqliteOverEcho.length)
    lines.push(
      '',
      `CPU per turn against the echo bot's (medians of the rounds): the service with MainDialog echoing ${median(echoDialogOverEcho).toFixed(2)}× (${listed(echoDialogOverEcho)}), Balie on SQLite ${median(sqliteOverEcho).toFixed(2)}× (${listed(sqliteOverEcho)}); the conversation itself, understanding and flows, ${round2(median(conversationMs))} ms per turn.`,
    );
  if (memory.length) {
    const n = (x: number) => x.toLocaleString('en');
    lines.push(
      '',
      `Memory: ${n(MEMORY_TURNS)} turns over ${n(MEMORY_CONVERSATIONS)} conversations on a fresh instance, read a second after two full garbage collections (idle after start, after ${n(Math.floor(MEMORY_TURNS / 3))} turns, at the end); RSS under load is the median of samples every 50 turns over the last 1,000 turns before each point.`,
      '',
      '| server | idle RSS MiB | RSS after GC: first third | at the end | growth | heap used after GC: first third | at the end | RSS under load: first third | at the end | CPU ms/turn | errors |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const m of memory) {
      const growth = (((m.atEnd.rssMiB - m.afterFirstThird.rssMiB) / m.afterFirstThird.rssMiB) * 100).toFixed(1);
      lines.push(
        `| ${TARGET_NAMES[m.target]} | ${m.idle.rssMiB} | ${m.afterFirstThird.rssMiB} | ${m.atEnd.rssMiB} | ${growth}% | ${m.afterFirstThird.heapUsedMiB} | ${m.atEnd.heapUsedMiB} | ${m.loadedRssAfterFirstThirdMiB} | ${m.loadedRssAtEndMiB} | ${m.cpuMsPerTurn} | ${m.errors} |`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'balie-bench-turn-'));
  const databases = await benchDatabases(ADMIN_URL);
  const windows: Window[] = [];
  const memory: MemoryRun[] = [];
  try {
    const servers = new Map<Target, RunningServiceHandle>();
    for (const t of TARGETS) servers.set(t, await startTarget(t, dir, () => databases.create()));
    try {
      for (let round = 1; round <= ROUNDS; round++)
        for (const t of TARGETS) {
          const w = await measureWindow(t, round, servers.get(t)!);
          windows.push(w);
          console.error(
            `round ${round}, ${TARGET_NAMES[t]}: ${w.turnsPerSecond} turns/s, p99 ${w.latencyMs.p99} ms, CPU ${w.cpuMsPerTurn.server} ms/turn, ${w.errors} errors`,
          );
        }
    } finally {
      for (const server of servers.values()) await server.stop();
    }
    if (MEMORY_TURNS > 0)
      for (const t of ['sqlite', 'postgres'] as const) {
        const inspectorPort = await freePort();
        const server = await startTarget(t, dir, () => databases.create(), { NODE_OPTIONS: `--expose-gc --inspect=127.0.0.1:${inspectorPort}` });
        try {
          const m = await memoryRun(t, server, inspectorPort);
          memory.push(m);
          console.error(`memory, ${TARGET_NAMES[t]}: after GC ${m.idle.rssMiB} → ${m.afterFirstThird.rssMiB} → ${m.atEnd.rssMiB} MiB RSS`);
        } finally {
          await server.stop();
        }
      }
  } finally {
    await databases.dropAll();
    rmSync(dir, { recursive: true, force: true });
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench:turn\` on ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}:`,
    `${CONVERSATIONS} concurrent conversations, expectReplies over loopback, ${ROUNDS} rounds of ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up per server (medians of the rounds; ratios against the echo bot of the same round).`,
  ].join(' ');
  const text = `${header}\n\n${tables(windows, memory)}`;
  console.log(`\n${text}`);
  const out = resolve(__dirname, '../../bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'turn.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu, cores: cpus().length, conversations: CONVERSATIONS, seconds: SECONDS, windows, memory }, null, 2)}\n`,
  );
  if (WRITE) writeBetweenMarkers('bench:turn', text);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
