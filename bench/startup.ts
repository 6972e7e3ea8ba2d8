import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join, resolve } from 'path';
import { freePort, round2, writeBetweenMarkers } from './processStats';

/**
 * `npm run bench:start`: how long from the command to a ready service (GET /readyz → 200), for
 * `node dist/app/index.js` and for `npm start` (which first checks the build is current): on a
 * new data directory (database created and migrated) with the model `npm install` trained into
 * data/model-cache, again on the same directory, and with the model cache off (training at
 * start). Three runs of each; prints the medians. Run `npm run model:train` first if data/ is new.
 */
const ROOT = resolve(__dirname, '../..');
const RUNS = 3;
/** Where `npm install` trained the model for the sample content (scripts/build.js --prime-model). */
const PRIMED_CACHE = join(ROOT, 'data', 'model-cache');

async function timeToReady(command: string, args: string[], dataDir: string, modelCache: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      BALIE_DATA_DIR: dataDir,
      BALIE_MODEL_CACHE_DIR: modelCache,
      LOG_LEVEL: 'warn',
      BALIE_ADMIN_PASSWORD: 'bench-admin-password',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} exited: ${stderr}`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error(`${command} was not ready within 60 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    // npm start runs node as a child: stop the whole process group.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rows: string[] = [];
  for (const [name, command, args] of [
    ['node dist/app/index.js', process.execPath, ['dist/app/index.js']],
    ['npm start (build current)', 'npm', ['start', '--silent']],
  ] as const) {
    const first: number[] = [];
    const again: number[] = [];
    const untrained: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dir = mkdtempSync(join(tmpdir(), 'balie-bench-start-'));
      try {
        first.push(await timeToReady(command, [...args], dir, PRIMED_CACHE));
        again.push(await timeToReady(command, [...args], dir, PRIMED_CACHE));
        untrained.push(await timeToReady(command, [...args], join(dir, 'untrained'), 'off'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    rows.push(`| ${name} | ${round2(median(first) / 1000)} | ${round2(median(again) / 1000)} | ${round2(median(untrained) / 1000)} |`);
  }
  const text = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench:start\` on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; median of ${RUNS}:`,
    '',
    '| command | first start: new database, model from the install, s | second start, s | model cache off (trains at every start), s |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(`\n${text}`);
  if (process.argv.includes('--write')) writeBetweenMarkers('bench:start', text);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
