import { Request, Response } from 'express';
import { bearerToken } from '../../http/credentials';
import { sendError } from '../../http/errors';
import { DirectLineConversations } from './directLineConversations';
import { DirectLineTokenClaims } from './tokens';

export type DirectLineAuthorizer = (req: Request, res: Response, conversationId?: string) => Promise<DirectLineTokenClaims | undefined>;

/** The token's claims if it is valid (for this conversation, when one is named); otherwise answers 401/403 and returns undefined. */
export function directLineAuthorizer(conversations: DirectLineConversations): DirectLineAuthorizer {
  return async (req, res, conversationId) => {
    const token = bearerToken(req);
    const claims = token ? await conversations.verify(token) : undefined;
    if (!claims) {
      sendError(res, 401, 'unauthorized', 'a valid, unexpired Direct Line token is required');
      return undefined;
    }
    if (conversationId !== undefined && claims.conversationId !== conversationId) {
      sendError(res, 403, 'forbidden', 'this token belongs to another conversation');
      return undefined;
    }
    return claims;
  };
}
