import { AttachmentInfo, Refusal } from '../attachments/customerFiles';
import { isImage } from '../attachments/fileTypes';
import { ContentPack, sayIn } from '../content/contentPack';
import { Language } from '../nlu/language';

/** "your photo", "your file", "your 3 files": how the bot speaks of what the customer sent. */
export function filesPhrase(pack: ContentPack, language: Language, files: readonly AttachmentInfo[]): string {
  const say = sayIn(pack, language);
  if (files.length > 1) return say('attachmentSeveralFiles', { count: files.length });
  return say(isImage(files[0]?.contentType ?? '') ? 'attachmentOnePhoto' : 'attachmentOneFile');
}

/**
 * A file name as it may appear in a chat message: Web Chat reads the bot's messages as
 * markdown, so a name cannot bring a link or emphasis along.
 */
function plainName(name: string): string {
  const plain = name.replace(/[^\p{L}\p{N} ._-]/gu, '').trim();
  return plain.length > 60 ? `${plain.slice(0, 57)}...` : plain || '?';
}

/** Why the customer's files were not taken, in the shop's words. */
export function refusalMessage(pack: ContentPack, language: Language, refusal: Refusal): string {
  const say = sayIn(pack, language);
  switch (refusal.reason) {
    case 'too_large':
      return say('attachmentTooLarge', { name: plainName(refusal.name), limit: refusal.limit });
    case 'type':
      return say('attachmentWrongType', { name: plainName(refusal.name) });
    case 'too_many':
      return say('attachmentTooMany', { limit: refusal.limit });
    case 'conversation_full':
      return say('attachmentConversationFull', { limit: refusal.limit });
    case 'empty':
      return say('attachmentEmpty');
  }
}

const REASONS = new Set<Refusal['reason']>(['too_large', 'type', 'too_many', 'conversation_full', 'empty']);

/** The refusal an event carries, if it is one (the value comes through the channel, so it is checked). */
export function refusalOf(value: unknown): Refusal | undefined {
  const v = value as Partial<Record<'reason' | 'name' | 'limit', unknown>> | null | undefined;
  if (!v || !REASONS.has(v.reason as Refusal['reason'])) return undefined;
  return {
    ...v,
    name: typeof v.name === 'string' ? v.name : 'file',
    limit: typeof v.limit === 'number' || typeof v.limit === 'string' ? v.limit : '?',
  } as Refusal;
}
