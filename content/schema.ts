import { z } from 'zod';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const localized = z.strictObject({ nl: nonEmpty.max(4000), en: nonEmpty.max(4000) });
const intentName = z.string().regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/, 'must be a lower-case dotted name such as "order.status"');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');

export const MIN_EXAMPLES_PER_LANGUAGE = 5;

const examples = z
  .array(nonEmpty.max(500))
  .min(MIN_EXAMPLES_PER_LANGUAGE, `needs at least ${MIN_EXAMPLES_PER_LANGUAGE} example utterances`)
  .refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, 'has duplicate examples');

export const intentFileSchema = z.strictObject({
  intent: intentName,
  /** Short text for buttons that lead to this intent. */
  label: z.strictObject({ nl: nonEmpty.max(60), en: nonEmpty.max(60) }),
  examples: z.strictObject({ nl: examples, en: examples }),
  answer: localized,
  /** Intents to suggest after this answer (anticipating the next question). */
  followUps: z.array(intentName).max(2, 'at most 2 follow-up suggestions'),
});

export const outOfScopeFileSchema = z.strictObject({
  examples: z.strictObject({ nl: z.array(nonEmpty.max(500)), en: z.array(nonEmpty.max(500)) }),
});

/** Placeholders a canned reply may hold, filled in the console from the conversation. */
export const CANNED_REPLY_PLACEHOLDERS = ['name', 'order', 'agent'] as const;
const cannedReplyText = nonEmpty
  .max(2000)
  .refine(
    (text) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].every((m) => (CANNED_REPLY_PLACEHOLDERS as readonly string[]).includes(m[1])),
    `may only hold the placeholders ${CANNED_REPLY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
  );
export const cannedReplySchema = z.strictObject({ title: nonEmpty.max(80), text: cannedReplyText });
/** canned-replies.json: the agents' canned replies per language, the first time the service starts (supervisors manage them after). */
export const cannedRepliesFileSchema = z.strictObject({ nl: z.array(cannedReplySchema).max(200), en: z.array(cannedReplySchema).max(200) });

const openingPeriods = z.array(z.tuple([time, time]).refine(([from, to]) => from < to, 'opening time must be before closing time'));

export const packFileSchema = z.strictObject({
  name: nonEmpty.max(100),
  defaultLanguage: z.enum(['nl', 'en']),
  businessHours: z.strictObject({
    timezone: nonEmpty.refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as "Europe/Amsterdam"'),
    weekly: z.strictObject({
      mon: openingPeriods,
      tue: openingPeriods,
      wed: openingPeriods,
      thu: openingPeriods,
      fri: openingPeriods,
      sat: openingPeriods,
      sun: openingPeriods,
    }),
    closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')),
  }),
  welcomeSuggestions: z.array(intentName).max(4),
  fallbackSuggestions: z.array(intentName).max(4),
  returnWindowDays: z.number().int().positive(),
  /**
   * How soon a ticket is answered: the due time agents see and the time the bot promises
   * both come from it. Default: the next business day before 12:00.
   */
  ticketResponseTime: z
    .union([z.strictObject({ businessDays: z.number().int().min(0).max(30), before: time }), z.strictObject({ businessHours: z.number().positive().max(200) })])
    .default({ businessDays: 1, before: '12:00' }),
  /** The shop's privacy statement: the welcome links to it (the privacyNotice message). */
  privacyUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /** How the shop's order numbers look (a regular expression; its first group, if any, is the number sent to the shop). */
  orderNumberPattern: z
    .string()
    .min(1)
    .max(200)
    .refine((source) => {
      try {
        return !new RegExp(`^(?:${source})$`, 'i').test('');
      } catch {
        return false;
      }
    }, 'must be a regular expression that matches an order number, such as "#?(\\d{4,8})"')
    .optional(),
});

/** Every text the bot itself says, per language; `{name}` placeholders are filled in at run time. */
export const MESSAGE_KEYS = [
  'welcome',
  'privacyNotice',
  'outOfScope',
  'secondMiss',
  'clarify',
  'clarifyNeither',
  'clarifyRephrase',
  'cancelled',
  'nothingToCancel',
  'restarted',
  'turnError',
  'turnErrorNotSaved',
  'unsupportedMessage',
  'attachmentOfferHuman',
  'attachmentKept',
  'attachmentKeptInFlow',
  'attachmentTooLarge',
  'attachmentWrongType',
  'attachmentTooMany',
  'attachmentConversationFull',
  'attachmentEmpty',
  'attachmentOnePhoto',
  'attachmentOneFile',
  'attachmentSeveralFiles',
  'yes',
  'no',
  'askOrderNumber',
  'invalidOrderNumber',
  'askPostcode',
  'invalidPostcode',
  'usingKnownOrderNumber',
  'orderNotFound',
  'orderSystemDown',
  'tooManyAttempts',
  'statusProcessing',
  'statusShipped',
  'statusDelivered',
  'statusReturned',
  'statusCancelled',
  'orderRefundPending',
  'orderRefundPaid',
  'orderRefundReturnNoAmount',
  'orderRefundAfterReturn',
  'orderNoRefund',
  'orderExpectedDelivery',
  'orderInvoiceReady',
  'orderInvoiceNotYet',
  'confirmCancel',
  'orderCancelled',
  'cancelKept',
  'cannotCancelShipped',
  'cannotCancelDone',
  'returnNotDelivered',
  'returnAlreadyReturned',
  'returnWindowClosed',
  'askReturnItem',
  'askReturnReason',
  'returnRegistered',
  'returnDamagedHint',
  'offerHuman',
  'offerHumanFrustrated',
  'humanDeclined',
  'askOrderForAgent',
  'askComplaintDetail',
  'queued',
  'queuePosition',
  'minute',
  'minutes',
  'stillQueued',
  'leftQueue',
  'queueTimeout',
  'agentJoined',
  'agentResolved',
  'backInQueue',
  'unavailableClosed',
  'unavailableNoAgents',
  'offerTicket',
  'askEmail',
  'invalidEmail',
  'ticketCreated',
  'ticketDeclined',
  'askEmailOptional',
  'ticketWebChatReturn',
  'ticketAnswerIntro',
  'ticketReplyHint',
  'ticketSolvedButton',
  'ticketReplyRecorded',
  'ticketSolvedThanks',
  'ticketOverdue',
  'ticketMailAnswerSubject',
  'ticketMailOverdueSubject',
  'ticketMailLink',
  'ticketMailFooter',
  'ticketMailEffortSubject',
  'ticketMailEffortQuestion',
  'effortVeryDifficult',
  'effortVeryEasy',
  'effortPageTitle',
  'effortPageThanks',
  'effortPageAlready',
  'effortPageInvalid',
  'cesQuestion',
  'cesThanks',
  'cesReask',
  'cesLowFollowUp',
  'cesSkip',
  'cesCommentThanks',
  'answerFeedbackQuestion',
  'answerNotHelpful',
  'answerHelpfulThanks',
  'whatCanIDo',
  'backToFlow',
  'switchFlow',
  'choiceRetry',
  'choiceGiveUp',
  'alsoAsked',
  'firstThenSecond',
  'or',
] as const;

export type MessageKey = (typeof MESSAGE_KEYS)[number];

export const messagesFileSchema = z
  .strictObject({
    ...(Object.fromEntries(MESSAGE_KEYS.map((key) => [key, localized])) as Record<MessageKey, typeof localized>),
    returnReasons: z.strictObject({ nl: z.array(nonEmpty.max(40)).min(2).max(8), en: z.array(nonEmpty.max(40)).min(2).max(8) }),
    /** Other words customers use for each reason, in the same order ("te klein" for "Past niet"); optional. */
    returnReasonSynonyms: z.strictObject({ nl: z.array(z.array(nonEmpty.max(60)).max(30)), en: z.array(z.array(nonEmpty.max(60)).max(30)) }).optional(),
  })
  .refine((m) => m.returnReasons.nl.length === m.returnReasons.en.length, { message: 'must have as many reasons in nl as in en', path: ['returnReasons'] })
  .refine(
    (m) =>
      !m.returnReasonSynonyms ||
      (m.returnReasonSynonyms.nl.length === m.returnReasons.nl.length && m.returnReasonSynonyms.en.length === m.returnReasons.en.length),
    {
      message: 'must have one list of synonyms per return reason, in the same order, in nl and en',
      path: ['returnReasonSynonyms'],
    },
  );

const localizedName = z.strictObject({ nl: nonEmpty.max(200), en: nonEmpty.max(200) });

export const sampleOrderSchema = z
  .strictObject({
    orderNumber: z.string().regex(/^\d{6}$/, 'must be 6 digits'),
    postcode: z.string().regex(/^[1-9]\d{3}[A-Z]{2}$/, 'must be a Dutch postcode written as 1234AB'),
    status: z.enum(['processing', 'shipped', 'delivered', 'returned', 'cancelled']),
    placedDaysAgo: z.number().int().min(0),
    carrier: nonEmpty.optional(),
    trackingCode: nonEmpty.optional(),
    trackingUrl: z.url().optional(),
    expectedDeliveryInDays: z.number().int().min(0).optional(),
    deliveredDaysAgo: z.number().int().min(0).optional(),
    refund: z.strictObject({ amount: z.number().positive(), status: z.enum(['pending', 'paid']), expectedInDays: z.number().int().min(0) }).optional(),
    items: z.array(z.strictObject({ sku: nonEmpty, name: localizedName, quantity: z.number().int().positive(), price: z.number().nonnegative() })).min(1),
  })
  .superRefine((order, ctx) => {
    if ((order.status === 'shipped' || order.status === 'delivered') && (!order.carrier || !order.trackingCode)) {
      ctx.addIssue({ code: 'custom', message: `a ${order.status} order needs a carrier and a trackingCode`, path: ['carrier'] });
    }
  });

export const ordersFileSchema = z.strictObject({ orders: z.array(sampleOrderSchema) });

export type PackFile = z.infer<typeof packFileSchema>;
export type CannedRepliesFile = z.infer<typeof cannedRepliesFileSchema>;
export type MessagesFile = z.infer<typeof messagesFileSchema>;
export type SampleOrderFile = z.infer<typeof sampleOrderSchema>;
export type Localized = z.infer<typeof localized>;
