import { HandoffReason } from '../handoff/types';

/** Below this many answers an effort average is shown greyed out: too few to go by. */
export const MINIMUM_SAMPLE = 5;

/** One handoff as the operational numbers need it (store/sqlOperations.ts reads them). */
export interface HandoffFacts {
  readonly id: string;
  readonly createdAt: string;
  readonly state: string;
  readonly reason: HandoffReason;
  readonly channel: string;
  readonly language: string;
  /** The agent who has or last had it. */
  readonly agentId?: string;
  /** When an agent first took it from the queue (transfers later do not count). */
  readonly firstAcceptedAt?: string;
  /** When it became a ticket: at creation (filed out of hours) or from the queue. */
  readonly ticketAt?: string;
  /** The first message an agent wrote the customer (live) or the first answer (ticket). */
  readonly firstAgentMessageAt?: string;
  readonly firstAnswerAt?: string;
  /** When it was resolved (live) or closed (ticket). */
  readonly closedAt?: string;
  /** The customer's effort score for the agent's part. */
  readonly agentCes?: number;
}

export interface OperationalStats {
  /** Handoffs created in the period: live ones and tickets. */
  readonly handoffs: number;
  /** Customers who reached the queue (a ticket filed at once, out of hours, never did). */
  readonly queued: number;
  /** Of those, how many left the queue or waited past the limit before an agent took them. */
  readonly abandoned: number;
  readonly abandonedRate: number | null;
  /** Minutes from joining the queue to an agent taking the conversation (those that were taken). */
  readonly medianWaitMinutes: number | null;
  readonly p90WaitMinutes: number | null;
  /** Minutes from joining the queue to the first message an agent wrote. */
  readonly medianFirstResponseMinutes: number | null;
  /** Minutes from an agent taking the conversation to its resolve. */
  readonly medianHandleMinutes: number | null;
  readonly tickets: number;
  /** Tickets whose first answer came within the time the bot promised the customer. */
  readonly ticketsAnsweredInTime: number;
  readonly ticketsAnsweredInTimeRate: number | null;
  /** The customers' effort score for the agents' part. */
  readonly agentCes: { readonly average: number | null; readonly responses: number };
}

export interface AgentStats {
  readonly agentId: string;
  readonly handoffs: number;
  readonly medianFirstResponseMinutes: number | null;
  readonly medianHandleMinutes: number | null;
  readonly ces: { readonly average: number | null; readonly responses: number; readonly enough: boolean };
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;
const round1 = (value: number) => Math.round(value * 10) / 10;

/** The value at a share of the sorted values (nearest rank); null for none. */
export function percentile(values: readonly number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round1(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]);
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

function cesOf(scores: readonly number[]) {
  return { average: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null, responses: scores.length };
}

/**
 * The desk's numbers for the handoffs of one period. `promiseFor` is the time the bot
 * promised a ticket's customer an answer by, counted from when the ticket was filed.
 */
export function operationalStats(handoffs: readonly HandoffFacts[], promiseFor: (filedAt: Date) => Date): OperationalStats {
  const queued = handoffs.filter((h) => h.ticketAt !== h.createdAt);
  const abandoned = queued.filter((h) => h.state === 'abandoned');
  const taken = queued.filter((h) => h.firstAcceptedAt);
  const waits = taken.map((h) => minutesBetween(h.createdAt, h.firstAcceptedAt!));
  const firstResponses = queued.filter((h) => h.firstAgentMessageAt).map((h) => minutesBetween(h.createdAt, h.firstAgentMessageAt!));
  const handled = taken.filter((h) => h.state === 'resolved' && h.closedAt).map((h) => minutesBetween(h.firstAcceptedAt!, h.closedAt!));
  const tickets = handoffs.filter((h) => h.ticketAt);
  const inTime = tickets.filter((h) => h.firstAnswerAt && Date.parse(h.firstAnswerAt) <= promiseFor(new Date(h.ticketAt!)).getTime());
  return {
    handoffs: handoffs.length,
    queued: queued.length,
    abandoned: abandoned.length,
    abandonedRate: rate(abandoned.length, queued.length),
    medianWaitMinutes: percentile(waits, 0.5),
    p90WaitMinutes: percentile(waits, 0.9),
    medianFirstResponseMinutes: percentile(firstResponses, 0.5),
    medianHandleMinutes: percentile(handled, 0.5),
    tickets: tickets.length,
    ticketsAnsweredInTime: inTime.length,
    ticketsAnsweredInTimeRate: rate(inTime.length, tickets.length),
    agentCes: cesOf(handoffs.filter((h) => h.agentCes !== undefined).map((h) => h.agentCes!)),
  };
}

/** Per agent (the one who has or last had each handoff), busiest first. */
export function statsPerAgent(handoffs: readonly HandoffFacts[]): AgentStats[] {
  const byAgent = new Map<string, HandoffFacts[]>();
  for (const handoff of handoffs) {
    if (!handoff.agentId) continue;
    byAgent.set(handoff.agentId, [...(byAgent.get(handoff.agentId) ?? []), handoff]);
  }
  return [...byAgent.entries()]
    .map(([agentId, own]) => {
      const ces = cesOf(own.filter((h) => h.agentCes !== undefined).map((h) => h.agentCes!));
      return {
        agentId,
        handoffs: own.length,
        medianFirstResponseMinutes: percentile(
          own.filter((h) => h.firstAgentMessageAt && h.ticketAt !== h.createdAt).map((h) => minutesBetween(h.createdAt, h.firstAgentMessageAt!)),
          0.5,
        ),
        medianHandleMinutes: percentile(
          own.filter((h) => h.firstAcceptedAt && h.state === 'resolved' && h.closedAt).map((h) => minutesBetween(h.firstAcceptedAt!, h.closedAt!)),
          0.5,
        ),
        ces: { ...ces, enough: ces.responses >= MINIMUM_SAMPLE },
      };
    })
    .sort((a, b) => b.handoffs - a.handoffs || a.agentId.localeCompare(b.agentId));
}

/** The period just before one of the same length (to compare with). */
export function previousPeriod(period: { from: Date; to: Date }): { from: Date; to: Date } {
  const length = period.to.getTime() - period.from.getTime();
  return { from: new Date(period.from.getTime() - length), to: new Date(period.from.getTime()) };
}

/** Where the handoffs' facts are read (store/sqlOperations.ts). */
export interface OperationsStore {
  /** Handoffs created in [from, to). */
  handoffFacts(from: string, to: string): Promise<HandoffFacts[]>;
}

/** The desk right now. */
export interface LiveDesk {
  readonly waiting: number;
  readonly longestWaitMinutes: number | null;
  readonly agentsOnline: number;
  /** Agents with at least one conversation now. */
  readonly agentsBusy: number;
}

export interface OperationsReport {
  readonly live: LiveDesk;
  readonly current: OperationalStats;
  readonly previous: OperationalStats;
  readonly previousPeriod: { readonly from: string; readonly to: string };
  readonly perAgent: (AgentStats & { readonly name: string })[];
  readonly minimumSample: number;
}

/** The operational view of the dashboard: the desk now, and a period beside the one before it. */
export class OperationsView {
  constructor(
    private readonly options: {
      readonly store: OperationsStore;
      readonly live: () => Promise<LiveDesk>;
      readonly promiseFor: (filedAt: Date) => Date;
      readonly agentName: (agentId: string) => Promise<string | undefined>;
    },
  ) {}

  async report(period: { from: Date; to: Date }): Promise<OperationsReport> {
    const before = previousPeriod(period);
    const [live, current, earlier] = await Promise.all([
      this.options.live(),
      this.options.store.handoffFacts(period.from.toISOString(), period.to.toISOString()),
      this.options.store.handoffFacts(before.from.toISOString(), before.to.toISOString()),
    ]);
    const perAgent = await Promise.all(
      statsPerAgent(current).map(async (stats) => ({ ...stats, name: (await this.options.agentName(stats.agentId)) ?? stats.agentId })),
    );
    return {
      live,
      current: operationalStats(current, this.options.promiseFor),
      previous: operationalStats(earlier, this.options.promiseFor),
      previousPeriod: { from: before.from.toISOString(), to: before.to.toISOString() },
      perAgent,
      minimumSample: MINIMUM_SAMPLE,
    };
  }
}
