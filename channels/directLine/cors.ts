import { RequestHandler } from 'express';

/**
 * Lets a company's own site (another origin) run Web Chat against Balie: only the origins
 * in BALIE_WEBCHAT_ORIGINS, only for the chat routes. Tokens still guard every conversation.
 */
export function webChatCors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/$/, '').toLowerCase()));
  return (req, res, next) => {
    const isChatRoute = req.path.startsWith('/v3/directline/') || req.path === '/api/webchat/token';
    const origin = req.get('origin');
    if (!isChatRoute || !origin || !allowed.has(origin.toLowerCase())) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-ms-bot-agent');
      res.setHeader('Access-Control-Max-Age', '600');
      return res.status(204).end();
    }
    next();
  };
}
