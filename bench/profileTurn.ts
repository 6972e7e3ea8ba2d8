import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { benchDatabases } from './benchDatabases';
import { CpuProfile, cpuProfileOf } from './inspector';
import { startInstance } from './instances';
import { cpuSeconds, freePort, round2 } from './processStats';
import { customersTalking } from './turnLoad';

/**
 * `npm run bench:profile [-- --store sqlite|postgres --dialogs full|echo --seconds 10 --warmup 4 --conversations 16 --out turn.cpuprofile]`
 *
 * Where a turn's CPU goes: Balie under bench:turn's load (the committed mix), profiled with V8's
 * sampling profiler after a warm-up. Prints self time by package and by function (share of the
 * profiled time and µs per turn) and writes the .cpuprofile (open it in Chrome DevTools'
 * Performance panel or https://www.speedscope.app). The profiler itself costs some CPU: compare
 * shares, and take throughput from bench:turn. `--dialogs echo` profiles the service with MainDialog
 * echoing (bench/echoDialogService.ts): the service around the conversation alone.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1] ?? '');
const STORE = args.get('store') ?? 'sqlite';
const DIALOGS = args.get('dialogs') ?? 'full';
const SECONDS = Number(args.get('seconds') ?? 10);
const WARMUP_SECONDS = Number(args.get('warmup') ?? 4);
const CONVERSATIONS = Number(args.get('conversations') ?? 16);
const OUT = resolve(args.get('out') ?? `bench/results/turn-${STORE}${DIALOGS === 'echo' ? '-echo-dialog' : ''}.cpuprofile`);
const TOP = Number(args.get('top') ?? 30);
const ADMIN_URL = args.get('postgres') ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The package a script belongs to (node_modules/<package>), Balie's own folder, or node's internals. */
function packageOf(url: string): string {
  if (!url) return '(native, GC, idle)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node';
  const own = /\/dist\/([^/]+)\//.exec(url);
  return own ? `balie/${own[1]}` : url;
}

function selfTimes(profile: CpuProfile): { byFunction: Map<string, number>; byPackage: Map<string, number>; total: number } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id)!;
    const micros = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    total += micros;
    const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const pkg = packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
  });
  return { byFunction, byPackage, total };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'balie-bench-profile-'));
  const databases = await benchDatabases(ADMIN_URL);
  const inspectorPort = await freePort();
  const port = String(await freePort());
  const env: Record<string, string> = { PORT: port, BALIE_DATA_DIR: join(dir, 'data'), NODE_OPTIONS: `--inspect=127.0.0.1:${inspectorPort}` };
  if (STORE === 'postgres') env.DATABASE_URL = await databases.create();
  const server = await startInstance(env, DIALOGS === 'echo' ? resolve(__dirname, 'echoDialogService.js') : undefined);
  let turns = 0;
  let profiling = false;
  let stop = false;
  try {
    const running = customersTalking(
      server.base,
      `profile-${Date.now()}`,
      CONVERSATIONS,
      () => stop,
      (ok) => {
        if (profiling && ok) turns++;
      },
    );
    await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
    const cpuBefore = cpuSeconds(server.pid);
    profiling = true;
    const profile = await cpuProfileOf(inspectorPort, SECONDS);
    profiling = false;
    const cpuMs = (cpuSeconds(server.pid) - cpuBefore) * 1000;
    stop = true;
    await running;
    writeFileSync(OUT, JSON.stringify(profile));
    const { byFunction, byPackage, total } = selfTimes(profile);
    const perTurn = (micros: number) => round2(micros / Math.max(1, turns));
    const share = (micros: number) => `${((micros / total) * 100).toFixed(1)}%`;
    console.log(`Balie on ${STORE}: ${turns} turns in ${SECONDS} s profiled, server CPU ${round2(cpuMs / Math.max(1, turns))} ms/turn (with the profiler on)`);
    console.log(`\nSelf time by package (µs per turn, share of sampled time):`);
    for (const [name, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, TOP))
      console.log(`  ${String(perTurn(micros)).padStart(8)}  ${share(micros).padStart(6)}  ${name}`);
    console.log(`\nSelf time by function:`);
    for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP))
      console.log(`  ${String(perTurn(micros)).padStart(8)}  ${share(micros).padStart(6)}  ${name}`);
    console.log(`\nProfile written to ${OUT}`);
  } finally {
    await server.stop();
    await databases.dropAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
