import { WebSocket } from 'ws';

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An agent console's Server-Sent Events stream, read into a list (with the time each event arrived). */
export class EventStreamReader {
  readonly events: { at: number; type: string; data: any }[] = [];
  /** True once the server ended the stream. */
  ended = false;
  private readonly controller = new AbortController();

  private constructor() {}

  static async open(base: string, token: string): Promise<EventStreamReader> {
    const reader = new EventStreamReader();
    const response = await fetch(`${base}/api/agent/stream?access_token=${encodeURIComponent(token)}`, { signal: reader.controller.signal });
    if (!response.ok || !response.body) throw new Error(`stream refused: ${response.status}`);
    void reader.read(response.body.getReader()).catch(() => undefined);
    await eventually(() => reader.events.some((e) => e.type === 'ready'), 'the stream to be ready');
    return reader;
  }

  of(type: string): any[] {
    return this.events.filter((e) => e.type === type).map((e) => e.data);
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await body.read();
      if (done) {
        this.ended = true;
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let split: number;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const type = block
          .split('\n')
          .find((l) => l.startsWith('event: '))
          ?.slice(7);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (type && data) this.events.push({ at: Date.now(), type, data: JSON.parse(data.slice(6)) });
      }
    }
  }
}

/** A Direct Line WebSocket stream, as Web Chat opens it: the activities it received, with arrival times. */
export class DirectLineSocket {
  readonly activities: { at: number; activity: any }[] = [];
  watermark?: string;
  private constructor(private readonly ws: WebSocket) {}

  static open(url: string): Promise<DirectLineSocket> {
    const ws = new WebSocket(url);
    const socket = new DirectLineSocket(ws);
    ws.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      if (!text) return;
      const message = JSON.parse(text) as { activities: any[]; watermark?: string };
      for (const activity of message.activities) socket.activities.push({ at: Date.now(), activity });
      socket.watermark = message.watermark;
    });
    return new Promise((resolveOpen, reject) => {
      ws.once('open', () => resolveOpen(socket));
      ws.once('error', reject);
    });
  }

  /** Calls `listener` with the close code when the server closes the stream. */
  onClose(listener: (code: number) => void): void {
    this.ws.once('close', (code) => listener(code));
  }

  texts(): string[] {
    return this.activities.map((a) => a.activity.text).filter((t): t is string => typeof t === 'string');
  }

  close(): void {
    this.ws.close();
  }
}
