import { spawn } from 'child_process';
import { resolve } from 'path';

const ENTRY = resolve(__dirname, '../app/index.js');

export interface RunningServiceHandle {
  readonly base: string;
  readonly pid: number;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/** `node dist/app/index.js` (or another server's `entry`) with quiet logs, ready when /readyz says so. */
export async function startInstance(env: Record<string, string>, entry = ENTRY): Promise<RunningServiceHandle> {
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      BALIE_ADMIN_PASSWORD: 'bench-admin-password',
      BALIE_BUSINESS_HOURS: 'always',
      // All the load comes from one address; the per-conversation limit and the counting stay in the measurement.
      BALIE_CHAT_REQUESTS_PER_MINUTE_PER_ADDRESS: '1000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolveExit) => child.on('exit', () => resolveExit()));
  const base = `http://127.0.0.1:${env.PORT}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${stderr}`);
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 600) throw new Error(`instance did not become ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
