import { z } from 'zod';
import { MAX_TEXT_LENGTH } from '../activitySchema';

export const userSchema = z.looseObject({ id: z.string().max(256).optional(), name: z.string().max(256).optional() });

/** What a client may post; the server sets who, where and when. */
export const postedActivitySchema = z
  .looseObject({
    type: z.enum(['message', 'event', 'typing', 'conversationUpdate', 'invoke', 'messageReaction']),
    text: z.string().max(MAX_TEXT_LENGTH, `is longer than ${MAX_TEXT_LENGTH} characters`).optional(),
    locale: z.string().max(64).optional(),
    from: userSchema.optional(),
    name: z.string().max(256).optional(),
    value: z.unknown().optional(),
    channelData: z.unknown().optional(),
    attachments: z.array(z.unknown()).max(10).optional(),
    suggestedActions: z.unknown().optional(),
  })
  .refine((activity) => !(activity.type === 'event' && activity.name?.startsWith('balie.')), {
    message: 'event names starting with "balie." are the server\'s own',
    path: ['name'],
  });
