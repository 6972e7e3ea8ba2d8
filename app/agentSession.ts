import { createHash } from 'crypto';
import { Request, Response } from 'express';
import { sameSecret } from '../http/credentials';

/**
 * The console's and the dashboard's login as a cookie beside the Bearer token of the agent API:
 * the same token (so a logout revokes both), `HttpOnly` (no script reads it), `SameSite=Strict`
 * (no other site's page sends it) and `Secure` over HTTPS. A state-changing request that
 * authenticates with the cookie must also carry the session's CSRF token in `X-CSRF-Token`.
 */
export const SESSION_COOKIE = 'balie_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a session: derived from its secret token, so nothing more is stored, and useless without the cookie. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`balie-csrf:${sessionToken}`).digest('base64url');
}

/** The value of one cookie of the request (no cookie parser needed for one cookie). */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Whether a request that authenticates with the session cookie passes the CSRF check (reads always do). */
export function passesCsrfCheck(req: Request, sessionToken: string): boolean {
  return SAFE_METHODS.has(req.method) || sameSecret(req.get(CSRF_HEADER), csrfTokenFor(sessionToken));
}

/** Sets the session cookie until the token expires; `Secure` when the page is served over HTTPS. */
export function setSessionCookie(res: Response, token: string, expiresAt: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires: new Date(expiresAt) });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}
