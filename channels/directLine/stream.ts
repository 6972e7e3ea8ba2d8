import { IncomingMessage, Server } from 'http';
import { Duplex } from 'stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { DirectLineActivityLog, LoggedActivity } from './activityLog';
import { DirectLineTokens } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

function refuse(socket: Duplex, status: string): void {
  socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * The Direct Line WebSocket stream Web Chat uses by default: `{ activities, watermark }`
 * messages, the backlog after the URL's watermark first, then every new activity.
 */
export function attachDirectLineStream(server: Server, log: DirectLineActivityLog, tokens: DirectLineTokens, logger: Logger): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return refuse(socket, '404 Not Found');
    const conversationId = decodeURIComponent(match[1]);
    const claims = tokens.verify(url.searchParams.get('t') ?? '');
    if (!claims) return refuse(socket, '401 Unauthorized');
    if (claims.conversationId !== conversationId) return refuse(socket, '403 Forbidden');
    if (!log.exists(conversationId)) return refuse(socket, '404 Not Found');
    const watermarkParam = url.searchParams.get('watermark');
    const after = watermarkParam && /^\d+$/.test(watermarkParam) ? Number(watermarkParam) : undefined;

    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      let lastSent = after ?? -1;
      const send = (items: LoggedActivity[]) => {
        const fresh = items.filter((item) => item.watermark > lastSent);
        if (fresh.length === 0 || ws.readyState !== WebSocket.OPEN) return;
        lastSent = fresh[fresh.length - 1].watermark;
        ws.send(JSON.stringify({ activities: fresh.map((item) => item.activity), watermark: String(lastSent) }));
      };
      // Subscribe before reading the backlog so nothing falls between the two.
      const unsubscribe = log.subscribe(conversationId, (logged) => send([logged]));
      send(log.since(conversationId, after));
      const ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.ping(), 30_000);
      ws.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
      ws.on('error', (error) => logger.debug({ err: error, conversationId }, 'web chat stream error'));
      // Clients never send on this stream; anything they do send is ignored.
      ws.on('message', () => undefined);
    });
  });

  return {
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
