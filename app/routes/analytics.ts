import { Response, Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AgentDirectory } from '../../agents/agentDirectory';
import { AnalyticsQueries } from '../../analytics/analyticsQueries';
import { OperationsView } from '../../analytics/operations';
import { startOfLocalDay } from '../../analytics/timeSeries';
import { AnalyticsFilter } from '../../analytics/types';
import { ContentPack } from '../../content/contentPack';
import { ExampleRejectedError, newExampleSchema, OverlayEditor } from '../../content/overlay';
import { AgentRequest, requireAgent } from '../agentAuthentication';
import { describeZodError, sendError } from '../../http/errors';

export interface AnalyticsRoutesOptions {
  readonly agents: AgentDirectory;
  readonly queries: AnalyticsQueries;
  readonly pack: ContentPack;
  readonly overlay: OverlayEditor;
  readonly learnedFollowUps: (intent: string) => readonly string[];
  /** The desk now, and the period's operational numbers beside the period before. */
  readonly operations: OperationsView;
  readonly clock: () => Date;
  readonly logger: Logger;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 400;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD or an ISO date-time');
const instant = z.union([day, z.iso.datetime({ offset: true })]);
const querySchema = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  channel: z.string().min(1).max(60).optional(),
  language: z.enum(['nl', 'en']).optional(),
  interval: z.enum(['day', 'week']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

type Query = z.infer<typeof querySchema>;

/**
 * The period of a request: `from` and `to` are local days in the content pack's time zone
 * (`to` included) or exact ISO instants; the default is the last 30 days.
 */
function filterOf(query: Query, timeZone: string, now: Date): AnalyticsFilter | string {
  const toInstant = (value: string, endOfDay: boolean) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
    const localDay = endOfDay ? new Date(Date.parse(`${value}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10) : value;
    return startOfLocalDay(localDay, timeZone);
  };
  const to = query.to ? toInstant(query.to, true) : now;
  const from = query.from ? toInstant(query.from, false) : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return 'query.from/to: not a valid date';
  if (from >= to) return 'query.from: must be before query.to';
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) return `query: the period may be at most ${MAX_DAYS} days`;
  return { from, to, channel: query.channel, language: query.language };
}

/** Service analytics for supervisors: summary, CES, effort, content insights, CSV export and the content overlay. */
export function analyticsRoutes(options: AnalyticsRoutesOptions): Router {
  const router = Router();
  const timeZone = options.pack.businessHours.timezone;

  router.use('/api/analytics', requireAgent(options.agents, { role: 'supervisor', forbiddenMessage: 'analytics are for supervisors' }));

  /** Parses the query (400 on anything unknown or malformed) and runs `handle` with the filter. */
  const withFilter =
    (handle: (filter: AnalyticsFilter, query: Query, req: AgentRequest, res: Response) => Promise<unknown>) => async (req: AgentRequest, res: Response) => {
      const parsed = querySchema.safeParse(req.query);
      if (!parsed.success) return sendError(res, 400, 'invalid_query', describeZodError(parsed.error, 'query'));
      const filter = filterOf(parsed.data, timeZone, options.clock());
      if (typeof filter === 'string') return sendError(res, 400, 'invalid_query', filter);
      await handle(filter, parsed.data, req, res);
    };
  const period = (filter: AnalyticsFilter) => ({
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    channel: filter.channel ?? null,
    language: filter.language ?? null,
  });

  router.get(
    '/api/analytics/summary',
    withFilter(async (filter, _q, _req, res) => {
      res.json({ period: period(filter), ...(await options.queries.summary(filter)) });
    }),
  );

  router.get(
    '/api/analytics/operations',
    withFilter(async (filter, _q, _req, res) => {
      res.json({ period: period(filter), ...(await options.operations.report(filter)) });
    }),
  );

  router.get(
    '/api/analytics/timeseries',
    withFilter(async (filter, query, _req, res) => {
      const interval = query.interval ?? 'day';
      res.json({ period: period(filter), interval, timeZone, items: await options.queries.overTime(filter, interval) });
    }),
  );

  router.get(
    '/api/analytics/ces',
    withFilter(async (filter, query, _req, res) => {
      const interval = query.interval ?? 'day';
      res.json({ period: period(filter), interval, timeZone, ...(await options.queries.effortScores(filter, interval)) });
    }),
  );

  router.get(
    '/api/analytics/unrecognised',
    withFilter(async (filter, query, _req, res) => {
      res.json({ period: period(filter), items: await options.queries.unrecognised(filter, query.limit ?? 50) });
    }),
  );

  router.get(
    '/api/analytics/next-questions',
    withFilter(async (filter, _q, _req, res) => {
      res.json({ period: period(filter), items: await options.queries.nextQuestions(filter, options.learnedFollowUps) });
    }),
  );

  router.get(
    '/api/analytics/comments',
    withFilter(async (filter, _q, _req, res) => {
      res.json({ period: period(filter), items: await options.queries.comments(filter) });
    }),
  );

  router.get(
    '/api/analytics/conversations.csv',
    withFilter(async (filter, _q, _req, res) => {
      // The days of the filter as the shop counts them: its first and its last (included) local day.
      const localDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
      const name = `balie-conversations-${localDay(filter.from)}-${localDay(new Date(filter.to.getTime() - 1))}.csv`;
      res
        .type('text/csv; charset=utf-8')
        .attachment(name)
        .send(await options.queries.conversationsCsv(filter));
    }),
  );

  /** The content's intents with their labels, for choosing where an example goes. */
  router.get('/api/analytics/intents', (_req, res) => {
    res.json({
      items: [...options.pack.intents.values()].map((i) => ({ name: i.name, label: i.label, followUps: i.followUps })),
      // The time zone the `from`/`to` days are counted in (the shop's).
      timeZone,
    });
  });

  router.get(
    '/api/analytics/examples',
    withFilter(async (filter, _q, _req, res) => {
      const overlay = await options.overlay.list();
      res.json({ items: overlay, trends: await options.queries.intentTrends(filter, overlay) });
    }),
  );

  router.post('/api/analytics/examples', async (req: AgentRequest, res) => {
    const parsed = newExampleSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    try {
      const added = await options.overlay.add(parsed.data, req.agent!.username);
      options.logger.info(
        { intent: added.example.intent, language: added.example.language, by: added.example.addedBy },
        'example added to the content overlay',
      );
      res.status(201).json(added);
    } catch (error) {
      if (!(error instanceof ExampleRejectedError)) throw error;
      sendError(res, error.code === 'duplicate_example' ? 409 : 400, error.code, error.message);
    }
  });

  router.delete('/api/analytics/examples/:id', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0) return sendError(res, 400, 'invalid_request', 'params.id: must be a positive whole number');
    const removed = await options.overlay.remove(id);
    if (!removed) return sendError(res, 404, 'not_found', `no overlay example ${id}`);
    res.json(removed);
  });

  return router;
}
