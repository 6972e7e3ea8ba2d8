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

/**
 * Waits until the service answers `GET /readyz` with 200 (database reachable, model
 * trained), however long a slow machine takes, up to `timeoutMs`; resolves with the port
 * from the "Balie listening" log line. Fails at once when the process exits.
 */
export async function waitForPort(running: RunningService, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (running.child.exitCode !== null) break;
    const line = running
      .stdout()
      .split('\n')
      .find((l) => l.includes('"msg":"Balie listening'));
    if (line) {
      const port = (JSON.parse(line) as { port: number }).port;
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return port;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`service did not become ready:\n${running.stdout().slice(-3000)}\n${running.stderr().slice(-3000)}`);
}
