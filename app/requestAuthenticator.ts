import { timingSafeEqual } from 'crypto';
import type { Request } from 'express';

/** Decides whether a request to a protected API may proceed. */
export interface RequestAuthenticator {
  isAuthorized(req: Request): boolean;
}

/** Everyone may call it: development and tests. */
export const openAccess: RequestAuthenticator = { isAuthorized: () => true };

/** Any of several ways in (a shared API token, or a logged-in agent's token). */
export function anyOf(...authenticators: RequestAuthenticator[]): RequestAuthenticator {
  return { isAuthorized: (req) => authenticators.some((a) => a.isAuthorized(req)) };
}

/** A logged-in agent or supervisor: their bearer token opens the protected APIs too. */
export function agentTokenAuthenticator(authenticate: (token: string) => unknown): RequestAuthenticator {
  return {
    isAuthorized(req) {
      const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
      return match !== null && authenticate(match[1]) !== undefined;
    },
  };
}

/**
 * A shared bearer token from the environment. With no token configured nothing gets
 * in: production must never fall open because a variable was forgotten.
 */
export class BearerTokenAuthenticator implements RequestAuthenticator {
  constructor(private readonly token: string | undefined) {}

  isAuthorized(req: Request): boolean {
    if (!this.token) return false;
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return false;
    const given = Buffer.from(match[1].trim());
    const expected = Buffer.from(this.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
