import { Request, Response, Router } from 'express';
import { z } from 'zod';
import { VisitorTokens } from '../../channels/directLine/visitorTokens';
import { ContentPack, sayIn } from '../../content/contentPack';
import { EffortScoreStore } from '../../handoff/effortScores';
import { describeZodError, sendError } from '../../http/errors';
import { escapeHtml } from '../../http/html';
import { Language, LANGUAGES } from '../../nlu/language';

export interface EffortRoutesOptions {
  readonly visitors: VisitorTokens;
  readonly effortScores: EffortScoreStore;
  readonly pack: ContentPack;
  readonly clock: () => Date;
}

const querySchema = z.object({
  t: z.string().min(1).max(2000),
  score: z.coerce.number().int().min(1, 'must be 1 to 7').max(7, 'must be 1 to 7'),
});

/**
 * `GET /effort?t=…&score=N`: the links in the email that asks how easy a closed ticket was.
 * One click records the score without a login (the signed link says whose it is); the first
 * answer of a conversation counts, like the question in the chat.
 */
export function effortRoutes(options: EffortRoutesOptions): Router {
  const router = Router();

  router.get('/effort', async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    const language = (lang: string | undefined): Language => (LANGUAGES.includes(lang as Language) ? (lang as Language) : options.pack.defaultLanguage);
    if (!parsed.success) return refuse(req, res, 400, 'invalid_request', describeZodError(parsed.error), language(undefined));
    const link = await options.visitors.verifyEffortLink(parsed.data.t);
    if (!link) return refuse(req, res, 400, 'invalid_link', 'this link is not valid or has expired', language(undefined));
    const say = sayIn(options.pack, language(link.language));
    const before = await options.effortScores.forConversation(link.conversationId);
    if (!before) {
      await options.effortScores.record({
        conversationId: link.conversationId,
        customerId: link.userId,
        handoffId: link.handoffId,
        channelId: link.channelId,
        language: language(link.language),
        score: parsed.data.score,
        resolvedBy: 'agent',
        createdAt: options.clock().toISOString(),
      });
    }
    res.setHeader('cache-control', 'no-store');
    res
      .type('html')
      .send(page(language(link.language), say('effortPageTitle'), before ? say('effortPageAlready') : say('effortPageThanks', { score: parsed.data.score })));
  });

  /** A browser gets a page in the shop's language; an API client the JSON error. */
  function refuse(req: Request, res: Response, status: number, code: string, message: string, lang: Language) {
    if (req.accepts(['html', 'json']) === 'json') return sendError(res, status, code, message);
    const say = sayIn(options.pack, lang);
    res
      .status(status)
      .type('html')
      .send(page(lang, say('effortPageTitle'), say('effortPageInvalid')));
  }

  return router;
}

function page(language: Language, title: string, text: string): string {
  return [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/shared/base.css"></head>`,
    `<body><main class="effort"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`,
  ].join('\n');
}
