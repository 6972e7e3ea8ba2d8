import type { Request } from 'express';
import { bearerToken, sameSecret } from '../http/credentials';

/** Decides whether a request to a protected API may proceed. */
export interface RequestAuthenticator {
  isAuthorized(req: Request): Promise<boolean>;
}

/** Everyone may call it: development and tests. */
export const openAccess: RequestAuthenticator = { isAuthorized: async () => true };

/** Any of several ways in (a shared API token, or a logged-in agent's token), tried in order. */
export function anyOf(...authenticators: RequestAuthenticator[]): RequestAuthenticator {
  return {
    async isAuthorized(req) {
      for (const authenticator of authenticators) if (await authenticator.isAuthorized(req)) return true;
      return false;
    },
  };
}

/** A logged-in agent or supervisor: their bearer token opens the protected APIs too. */
export function agentTokenAuthenticator(authenticate: (token: string) => Promise<unknown>): RequestAuthenticator {
  return {
    async isAuthorized(req) {
      const token = bearerToken(req);
      return token !== undefined && (await authenticate(token)) !== undefined;
    },
  };
}

/**
 * A shared bearer token from the environment. With no token configured nothing gets
 * in: production must never fall open because a variable was forgotten.
 */
export class BearerTokenAuthenticator implements RequestAuthenticator {
  constructor(private readonly token: string | undefined) {}

  async isAuthorized(req: Request): Promise<boolean> {
    return sameSecret(bearerToken(req), this.token);
  }
}
