import { ActivityTypes } from 'botbuilder';
import { z } from 'zod';

export const MAX_TEXT_LENGTH = 10_000;

const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));

const account = z.looseObject({ id: z.string().min(1, 'must not be empty').max(1024) });

/**
 * The shape an inbound activity must have before the adapter sees it. Loose on purpose:
 * channels add fields of their own; only what Balie relies on is checked.
 */
export const inboundActivitySchema = z.looseObject({
  type: z.string().refine((type) => KNOWN_TYPES.has(type), { message: 'is not a Bot Framework activity type' }),
  id: z.string().max(1024).optional(),
  channelId: z.string().min(1).max(256),
  serviceUrl: z.url({ message: 'must be an absolute URL' }),
  conversation: z.looseObject({ id: z.string().min(1, 'must not be empty').max(1024) }),
  from: account,
  recipient: account.optional(),
  text: z.string().max(MAX_TEXT_LENGTH, `is longer than ${MAX_TEXT_LENGTH} characters`).optional(),
  locale: z.string().max(64).optional(),
  deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;
