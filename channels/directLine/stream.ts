import { IncomingMessage, Server } from 'http';
import { Duplex } from 'stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { DirectLineActivityLog, LoggedActivity } from './activityLog';
import { DirectLineTokens } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
/** "Going away": the server is shutting down; Direct Line clients reconnect (to another instance). */
const GOING_AWAY = 1001;

function refuse(socket: Duplex, status: string): void {
  socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export interface DirectLineStream {
  /** Closes every stream with "going away" so clients reconnect elsewhere, and stops taking new ones. */
  close(): void;
}

/**
 * The Direct Line WebSocket stream Web Chat uses by default: `{ activities, watermark }`
 * messages, the backlog after the URL's watermark first, then every new activity, whichever
 * instance stored it.
 */
export function attachDirectLineStream(server: Server, log: DirectLineActivityLog, tokens: DirectLineTokens, logger: Logger): DirectLineStream {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  let closing = false;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match || closing) return refuse(socket, closing ? '503 Service Unavailable' : '404 Not Found');
      const conversationId = decodeURIComponent(match[1]);
      const claims = await tokens.verify(url.searchParams.get('t') ?? '');
      if (!claims) return refuse(socket, '401 Unauthorized');
      if (claims.conversationId !== conversationId) return refuse(socket, '403 Forbidden');
      if (!(await log.exists(conversationId))) return refuse(socket, '404 Not Found');
      const watermarkParam = url.searchParams.get('watermark');
      const after = watermarkParam && /^\d+$/.test(watermarkParam) ? Number(watermarkParam) : undefined;
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => serve(ws, conversationId, after));
    })().catch((error) => {
      logger.error({ err: error }, 'web chat stream could not start');
      refuse(socket, '500 Internal Server Error');
    });
  });

  function serve(ws: WebSocket, conversationId: string, after: number | undefined): void {
    let lastSent = after ?? -1;
    let reading: Promise<void> = Promise.resolve();
    const send = (items: readonly LoggedActivity[]) => {
      const fresh = items.filter((item) => item.watermark > lastSent);
      if (fresh.length === 0 || ws.readyState !== WebSocket.OPEN) return;
      lastSent = fresh[fresh.length - 1].watermark;
      ws.send(JSON.stringify({ activities: fresh.map((item) => item.activity), watermark: String(lastSent) }));
    };
    // Signals are handled one after another, so activities go out in watermark order.
    const handle = (signal: { watermark: number; logged?: LoggedActivity }) => {
      reading = reading
        .then(async () => {
          if (signal.watermark <= lastSent) return;
          // The next activity, stored here: send it as it is. Anything else (a gap, another instance's): read.
          if (signal.logged && signal.watermark === lastSent + 1) send([signal.logged]);
          else send(await log.since(conversationId, lastSent));
        })
        .catch((error) => logger.warn({ err: error, conversationId }, 'web chat stream could not read new activities'));
    };
    // Subscribe before reading the backlog so nothing falls between the two.
    const unsubscribe = log.subscribe(conversationId, handle);
    handle({ watermark: Number.MAX_SAFE_INTEGER });
    const ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.ping(), 30_000);
    ws.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
    ws.on('error', (error) => logger.debug({ err: error, conversationId }, 'web chat stream error'));
    // Clients never send on this stream (Direct Line clients ping with empty messages); ignored.
    ws.on('message', () => undefined);
  }

  return {
    close() {
      closing = true;
      for (const client of wss.clients) client.close(GOING_AWAY, 'server shutting down');
      // A client that does not answer the close handshake is cut off.
      setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, 1_000).unref();
      wss.close();
    },
  };
}
