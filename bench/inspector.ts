import WebSocket from 'ws';

/**
 * Runs an expression in a server started with `--inspect=host:port --expose-gc`, over the
 * DevTools protocol: how the memory benchmark makes a full garbage collection before reading
 * memory (RSS alone swings with every collection).
 */
export async function evaluateIn(inspectorPort: number, expression: string): Promise<string> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  try {
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, awaitPromise: true } }));
    return await new Promise<string>((resolve, reject) => {
      socket.on('message', (data: WebSocket.RawData) => {
        const reply = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8')) as {
          id?: number;
          result?: { result?: { value?: unknown } };
          error?: unknown;
        };
        if (reply.id !== 1) return;
        if (reply.error) reject(new Error(JSON.stringify(reply.error)));
        else resolve(String(reply.result?.result?.value));
      });
    });
  } finally {
    socket.close();
  }
}

/** Memory of the server after two full garbage collections, in MiB. */
export async function memoryAfterGc(inspectorPort: number): Promise<{ rssMiB: number; heapUsedMiB: number }> {
  const usage = JSON.parse(await evaluateIn(inspectorPort, 'gc(); gc(); JSON.stringify(process.memoryUsage())')) as { rss: number; heapUsed: number };
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { rssMiB: mib(usage.rss), heapUsedMiB: mib(usage.heapUsed) };
}
