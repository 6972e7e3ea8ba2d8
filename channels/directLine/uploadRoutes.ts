import { Request, Router } from 'express';
import type { Logger } from 'pino';
import { CustomerFiles, Refusal } from '../../attachments/customerFiles';
import { isImage } from '../../attachments/fileTypes';
import { describeZodError, sendError, sendRefusal } from '../../http/errors';
import { sendFile } from '../../http/sendFile';
import { ChatTraffic } from '../chatTraffic';
import { directLineAuthorizer } from './authorization';
import { DirectLineConversations } from './directLineConversations';
import { postedActivitySchema } from './postedActivity';
import { isUploadError, readUpload } from './uploads';

export interface UploadRoutesOptions {
  readonly conversations: DirectLineConversations;
  readonly files: CustomerFiles;
  readonly traffic?: ChatTraffic;
  readonly logger: Logger;
}

/** The HTTP answer to refused files; the customer reads the reason in the chat, in their language. */
function refusalAnswer(refusal: Refusal): { status: number; code: string; message: string } {
  switch (refusal.reason) {
    case 'too_large':
      return { status: 413, code: 'attachment_too_large', message: `${refusal.name} is larger than ${refusal.limit}` };
    case 'type':
      return { status: 415, code: 'attachment_type', message: `${refusal.name} is not a photo (JPEG, PNG, GIF, WebP) or a PDF file` };
    case 'empty':
      return { status: 400, code: 'attachment_empty', message: 'the upload holds no file, or an empty one' };
    case 'too_many':
      return { status: 413, code: 'too_many_attachments', message: `at most ${refusal.limit} files per message` };
    case 'conversation_full':
      return { status: 409, code: 'attachment_quota', message: `this conversation already holds ${refusal.limit} files` };
  }
}

/**
 * Files from the customer (Direct Line's upload, which Web Chat's paper clip uses), checked
 * and stored with the conversation before the message that carries them is taken; and the
 * files themselves for the customer's own chat, at an unguessable address. Mounted before the
 * JSON body parser: an upload is multipart.
 */
export function directLineUploadRoutes(options: UploadRoutesOptions): Router {
  const router = Router();
  const { conversations, files } = options;
  const authorize = directLineAuthorizer(conversations);

  router.post('/v3/directline/conversations/:id/upload', async (req, res) => {
    const claims = await authorize(req, res, req.params.id);
    if (!claims) return;
    if (!(await conversations.exists(claims.conversationId))) {
      return sendError(res, 404, 'not_found', 'start the conversation first (POST /v3/directline/conversations)');
    }
    if (files.limits.maxFilesPerConversation === 0) return sendError(res, 403, 'attachments_off', 'this service takes no files; please describe it in text');
    // Counted as a message before a byte of the files is read: a flood is refused cheaply. The files have
    // limits of their own (size, count per message and per conversation), so only the message counts here.
    if (options.traffic) {
      const verdict = await options.traffic.admit({ conversationId: claims.conversationId, address: req.ip, body: null, bodyBytes: 0 });
      if (!verdict.ok) return sendRefusal(res, verdict);
    }
    const upload = await readUpload(req, files.limits);
    if (isUploadError(upload)) return sendError(res, upload.status, upload.code, upload.message);
    const parsed = postedActivitySchema.safeParse(upload.activity);
    if (!parsed.success) return sendError(res, 400, 'invalid_activity', describeZodError(parsed.error));
    if (parsed.data.type !== 'message') return sendError(res, 400, 'invalid_activity', 'type: files come with a message');
    const accepted = await files.accept(claims.conversationId, upload.files);
    if (!accepted.ok) {
      const answer = refusalAnswer(accepted.refusal);
      await conversations.filesRefused(claims, accepted.refusal);
      return sendError(res, answer.status, answer.code, answer.message);
    }
    const base = publicBase(req);
    const attachments = accepted.files.map((file) => {
      const contentUrl = `${base}/v3/directline/attachments/${file.id}/${encodeURIComponent(file.name)}`;
      // Web Chat shows a customer's own image only from its thumbnail; otherwise as a file to download.
      return { contentType: file.contentType, contentUrl, name: file.name, ...(isImage(file.contentType) ? { thumbnailUrl: contentUrl } : {}) };
    });
    options.logger.info({ conversationId: claims.conversationId, files: accepted.files.length }, 'customer files stored');
    res.json({ id: await conversations.receive(claims, parsed.data, { attachments, stored: accepted.files }) });
  });

  // The address is the capability (128 random bits, only ever in the customer's own conversation), as
  // for Azure's Direct Line: Web Chat shows a photo with <img>, which sends no token.
  router.get('/v3/directline/attachments/:id/:name', async (req, res) => {
    const found = await files.get(req.params.id);
    if (!found) return sendError(res, 404, 'not_found', 'no such file (it may have been deleted with its conversation)');
    sendFile(res, found.attachment, found.data);
  });

  return router;
}

function publicBase(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}
