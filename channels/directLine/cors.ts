import cors from 'cors';
import { RequestHandler } from 'express';

/**
 * Lets a company's own site (another origin) run Web Chat against Balie: only the origins
 * in BALIE_WEBCHAT_ORIGINS, only for the chat routes. Tokens still guard every conversation.
 */
export function webChatCors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/$/, '').toLowerCase()));
  const handler = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin.toLowerCase()) ? origin : false),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'x-ms-bot-agent'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    const isChatRoute = req.path.startsWith('/v3/directline/') || req.path === '/api/webchat/token';
    if (!isChatRoute) return next();
    handler(req, res, next);
  };
}
