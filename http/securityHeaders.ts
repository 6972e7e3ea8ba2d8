import { randomBytes } from 'crypto';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The nonce of this response's Content-Security-Policy (Web Chat puts it on the styles it injects). */
export function cspNonce(res: Response): string {
  return res.locals.cspNonce as string;
}

/**
 * Security headers on every response (helmet): a strict Content-Security-Policy without
 * 'unsafe-inline' or 'unsafe-eval' (styles injected at run time carry a per-response nonce),
 * no framing except of the chat page by the sites allowed to run Web Chat, nosniff, HSTS,
 * no referrer.
 */
export function securityHeaders(options: { readonly chatFramedBy: readonly string[]; readonly chatPath: string }): RequestHandler[] {
  const nonce = (_req: unknown, res: unknown) => `'nonce-${cspNonce(res as Response)}'`;
  return [
    (_req, res, next) => {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      next();
    },
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // The hash is the empty string's: Web Chat adds one empty <style> without its nonce and fills it through
          // the CSSOM, which CSP does not govern; an empty style can do nothing.
          styleSrc: ["'self'", nonce, "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"],
          imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
          fontSrc: ["'self'", 'data:'],
          // blob: is the file a customer picked, which Web Chat reads before the upload.
          connectSrc: ["'self'", 'blob:'],
          mediaSrc: ["'self'", 'blob:', 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: [
            (req) =>
              new URL(req.url ?? '/', 'http://x').pathname === options.chatPath && options.chatFramedBy.length
                ? ["'self'", ...options.chatFramedBy].join(' ')
                : "'none'",
          ],
        },
      },
      // frame-ancestors decides framing; the legacy header would forbid the allowed sites too.
      xFrameOptions: false,
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  ];
}
