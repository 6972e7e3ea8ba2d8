import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';

export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
}

export interface ReceivedRequest {
  readonly method: string;
  /** The request target exactly as on the request line. */
  readonly target: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A local HTTP server standing in for a shop's order system. Subclasses speak one protocol;
 * this base adds what the tests do to it: slow answers, 500s, garbage, a stopped server.
 */
export abstract class FakeShopServer {
  readonly received: ReceivedRequest[] = [];
  /** Each answer waits this long first. */
  delayMs = 0;
  /** 'error' answers 500, 'garbage' answers 200 with a body that is not JSON. */
  mode: 'normal' | 'error' | 'garbage' = 'normal';
  private server?: Server;
  private port = 0;

  protected abstract handle(request: ReceivedRequest): FakeReply | Promise<FakeReply>;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = { method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      this.received.push(request);
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (res.destroyed) return;
      if (this.mode === 'error') return void res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
      if (this.mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"orderNumber": "1000');
      const reply = await this.handle(request);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server?.listening ? this.server.close(() => resolve()) : resolve()));
  }

  /** Back to a healthy, fast shop that has seen no request. */
  reset(): this {
    this.mode = 'normal';
    this.delayMs = 0;
    this.received.length = 0;
    return this;
  }

  requestsTo(pathPart: string): ReceivedRequest[] {
    return this.received.filter((r) => r.target.includes(pathPart));
  }
}
