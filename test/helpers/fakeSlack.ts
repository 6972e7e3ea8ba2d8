import { createServer, Server } from 'http';
import { AddressInfo } from 'net';

export interface PostedMessage {
  channel: string;
  text: string;
  thread_ts?: string;
  blocks?: any[];
  token?: string;
  /** The author and icon the message asks for (chat:write.customize). */
  username?: string;
  icon_emoji?: string;
}

/** A local stand-in for Slack's Web API: accepts chat.postMessage as Slack does (form or JSON) and records it. */
export class FakeSlackApi {
  readonly posted: PostedMessage[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const isJson = (req.headers['content-type'] ?? '').includes('json');
      const fields: Record<string, any> = isJson ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
      if (typeof fields.blocks === 'string') fields.blocks = JSON.parse(fields.blocks);
      res.setHeader('content-type', 'application/json');
      if (!req.url?.endsWith('/chat.postMessage')) {
        res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
        return;
      }
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || fields.token;
      const { channel, text, thread_ts, blocks, username, icon_emoji } = fields;
      this.posted.push({ channel, text, thread_ts, blocks, token, username, icon_emoji });
      res.end(JSON.stringify({ ok: true, channel: fields.channel, ts: `${Date.now() / 1000}` }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  /** Waits until `count` messages arrived (Slack turns run after the 200). */
  async waitFor(count: number, timeoutMs = 5000): Promise<PostedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.posted.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return this.posted;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
