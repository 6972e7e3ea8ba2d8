import { ChildProcess, spawn } from 'child_process';
import { resolve } from 'path';

const ENTRY = resolve(__dirname, '../../app/index.js');

/** The service as `npm start` runs it: a child process with its own environment. */
export interface RunningService {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<number | null>;
}

export function runService(env: Record<string, string>): RunningService {
  const child = spawn(process.execPath, [ENTRY], { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The port from the "Balie listening" log line, once the service listens. */
export async function waitForPort(running: RunningService, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const line = running
      .stdout()
      .split('\n')
      .find((l) => l.includes('"msg":"Balie listening'));
    if (line) return JSON.parse(line).port;
    if (running.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`service did not start:\n${running.stdout().slice(-3000)}\n${running.stderr().slice(-3000)}`);
}
