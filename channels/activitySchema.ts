import { ActivityTypes } from 'botbuilder';
import { z } from 'zod';

export const MAX_TEXT_LENGTH = 10_000;

const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));

const name = z.string().max(256);
const account = z.looseObject({ id: z.string().min(1, 'must not be empty').max(1024), name: name.optional(), role: z.string().max(64).optional() });

/** An ISO 8601 date-time a person could have sent: parseable, between 1970 and 9999. */
const timestamp = z
  .string()
  .max(64)
  .refine((value) => {
    const at = Date.parse(value);
    return Number.isFinite(at) && at >= 0 && at < Date.UTC(10_000, 0, 1);
  }, 'must be an ISO 8601 date-time between 1970 and 9999');

/**
 * The shape an inbound activity must have before the adapter sees it. Loose on purpose:
 * channels add fields of their own; every field Balie or botbuilder reads is checked, so a
 * wrong one is a 400 naming it, never a failed turn.
 */
export const inboundActivitySchema = z.looseObject({
  type: z.string().refine((type) => KNOWN_TYPES.has(type), { message: 'is not a Bot Framework activity type' }),
  id: z.string().max(1024).optional(),
  channelId: z.string().min(1).max(256),
  serviceUrl: z.url({ message: 'must be an absolute URL' }),
  timestamp: timestamp.optional(),
  localTimestamp: timestamp.optional(),
  localTimezone: z.string().max(64).optional(),
  conversation: z.looseObject({
    id: z.string().min(1, 'must not be empty').max(1024),
    name: name.optional(),
    isGroup: z.boolean().optional(),
    conversationType: z.string().max(64).optional(),
    tenantId: z.string().max(256).optional(),
  }),
  from: account,
  recipient: account.optional(),
  membersAdded: z.array(account).max(100).optional(),
  membersRemoved: z.array(account).max(100).optional(),
  text: z.string().max(MAX_TEXT_LENGTH, `is longer than ${MAX_TEXT_LENGTH} characters`).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().max(64).optional(),
  name: name.optional(),
  replyToId: z.string().max(1024).optional(),
  attachments: z
    .array(z.looseObject({ contentType: z.string().max(256) }))
    .max(20)
    .optional(),
  entities: z
    .array(z.looseObject({ type: z.string().max(256) }))
    .max(50)
    .optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;
