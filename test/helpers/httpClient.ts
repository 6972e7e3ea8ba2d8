import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';

export interface HttpResult {
  status: number;
  body: any;
  text: string;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
}

/** A real HTTP request to the service under test. */
export async function request(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    if (typeof body === 'string' || body instanceof Uint8Array) init.body = body;
    else {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
  }
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  let parsed: any = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text, headers: Object.fromEntries(response.headers) };
}

let counter = 0;

/** A message activity as the Emulator or a channel would send it. */
export function messageActivity(conversationId: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${++counter}`,
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:9',
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}`, name: 'Customer' },
    recipient: { id: 'balie', name: 'Balie' },
    text,
    deliveryMode: 'expectReplies',
    ...extra,
  };
}

/** Texts of the bot's replies in an expectReplies response. */
export function replyTexts(result: HttpResult): string {
  return ((result.body?.activities ?? []) as { type: string; text?: string }[])
    .filter((a) => a.type === 'message')
    .map((a) => a.text ?? '')
    .join('\n');
}

/**
 * What a Teams customer reads in an activity: its text, or, for an agent's message (a card
 * headed by the agent, see channels/teams/teamsRendering.ts), the text in the card.
 */
export function teamsText(activity: any): string | undefined {
  if (activity.text) return activity.text;
  const body: any[] = activity.attachments?.[0]?.content?.body ?? [];
  const runs = body.filter((block) => block.type === 'RichTextBlock').flatMap((block) => block.inlines.map((inline: any) => inline.text));
  return runs.length > 0 ? runs.join('\n') : undefined;
}

/**
 * A stand-in for the Bot Framework connector service (the channel's serviceUrl): it
 * accepts replies on the real REST routes and records them.
 */
export class FakeConnector {
  readonly received: { path: string; activity: any }[] = [];
  private server?: Server;
  delayMs = 0;

  async start(): Promise<string> {
    this.server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      this.received.push({ path: req.url ?? '', activity });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${this.received.length}` }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
