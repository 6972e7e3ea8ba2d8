import { timingSafeEqual } from 'crypto';
import type { Request } from 'express';

/** Decides whether a request to a protected API may proceed. */
export interface RequestAuthenticator {
  isAuthorized(req: Request): boolean;
}

/** Everyone may call it: development and tests. */
export const openAccess: RequestAuthenticator = { isAuthorized: () => true };

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
