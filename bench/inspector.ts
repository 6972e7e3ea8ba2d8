import WebSocket from 'ws';

/** A DevTools protocol session with a server started with `--inspect=host:port`. */
interface InspectorSession {
  send(method: string, params?: object): Promise<unknown>;
  close(): void;
}

async function inspectorSession(inspectorPort: number): Promise<InspectorSession> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  // A CPU profile of a busy server is tens of megabytes.
  const socket = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 2 ** 30 });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let next = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.on('message', (data: WebSocket.RawData) => {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const reply = JSON.parse(text) as { id?: number; result?: unknown; error?: unknown };
    const waiting = reply.id === undefined ? undefined : pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id!);
    if (reply.error) waiting.reject(new Error(JSON.stringify(reply.error)));
    else waiting.resolve(reply.result);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/**
 * Runs an expression in a server started with `--inspect=host:port --expose-gc`: how the
 * memory benchmark makes a full garbage collection before reading memory (RSS alone swings
 * with every collection).
 */
export async function evaluateIn(inspectorPort: number, expression: string): Promise<string> {
  const session = await inspectorSession(inspectorPort);
  try {
    const result = (await session.send('Runtime.evaluate', { expression, awaitPromise: true })) as { result?: { value?: unknown } };
    return String(result.result?.value);
  } finally {
    session.close();
  }
}

/**
 * Memory of the server after two full garbage collections, in MiB. RSS is read a second after
 * them: V8 hands the freed pages back to the system from a background thread, and RSS read at
 * once still counts them (in a run of 15,000 turns, 298 MiB at once against 232 MiB half a
 * second later, the heap the same).
 */
export async function memoryAfterGc(inspectorPort: number): Promise<{ rssMiB: number; heapUsedMiB: number }> {
  const settled = 'gc(); gc(); new Promise((resolve) => setTimeout(resolve, 1000)).then(() => JSON.stringify(process.memoryUsage()))';
  const usage = JSON.parse(await evaluateIn(inspectorPort, settled)) as { rss: number; heapUsed: number };
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { rssMiB: mib(usage.rss), heapUsedMiB: mib(usage.heapUsed) };
}

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A CPU profile of the server's main thread over `seconds` (V8's sampling profiler, a sample every 100 µs). */
export async function cpuProfileOf(inspectorPort: number, seconds: number): Promise<CpuProfile> {
  const session = await inspectorSession(inspectorPort);
  try {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 100 });
    await session.send('Profiler.start');
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    return ((await session.send('Profiler.stop')) as { profile: CpuProfile }).profile;
  } finally {
    session.close();
  }
}
