import { expect } from 'chai';
import { join } from 'path';
import { BusinessHours } from '../../handoff/businessHours';
import { HandoffService, HandoffRequest } from '../../handoff/handoffService';
import { HandoffExistsError } from '../../handoff/handoffStore';
import { HandoffEventType, HandoffState, InvalidTransitionError, nextState, ownerFor } from '../../handoff/stateMachine';
import { ContextPackage } from '../../handoff/types';
import { expectedWaitMinutes } from '../../handoff/waitEstimator';
import { openSqliteDatabase, SqliteDatabase } from '../../store/sqliteDatabase';
import { SqliteHandoffStore } from '../../store/sqliteHandoffStore';
import { samplePack, tempDir } from '../helpers/fixtures';

describe('handoff state machine', () => {
  const valid: [HandoffState, HandoffEventType, HandoffState][] = [
    ['queued', 'accept', 'agent'],
    ['queued', 'leave', 'abandoned'],
    ['queued', 'timeout', 'abandoned'],
    ['queued', 'to_ticket', 'ticket'],
    ['agent', 'resolve', 'resolved'],
    ['ticket', 'close', 'resolved'],
  ];
  for (const [from, event, to] of valid) it(`${from} --${event}--> ${to}`, () => expect(nextState(from, event)).to.equal(to));

  const states: HandoffState[] = ['queued', 'agent', 'ticket', 'resolved', 'abandoned'];
  const events: HandoffEventType[] = ['accept', 'resolve', 'leave', 'timeout', 'to_ticket', 'close'];
  it('rejects every other transition', () => {
    for (const from of states) {
      for (const event of events) {
        if (valid.some(([f, e]) => f === from && e === event)) continue;
        expect(() => nextState(from, event), `${from} ${event}`).to.throw(InvalidTransitionError);
      }
    }
  });

  it('derives the owner: a person while queued or with an agent, else the bot', () => {
    expect([undefined, 'queued', 'agent', 'ticket', 'resolved', 'abandoned'].map((s) => ownerFor(s as HandoffState | undefined))).to.deep.equal(['bot', 'queued', 'agent', 'bot', 'bot', 'bot']);
  });
});

function context(): ContextPackage {
  return {
    customer: { id: 'c1', channel: 'test', language: 'nl' },
    summary: 'test',
    reason: 'customer_request',
    reasonDetail: '',
    intents: [],
    entities: {},
    sentiment: { trend: 'stable', scores: [], latest: 0 },
    botAnswers: [],
    transcript: [],
    earlierConversations: [],
  };
}

function request(conversationId: string, priority = 0): HandoffRequest {
  return { conversationId, channelId: 'test', customerId: `cust-${conversationId}`, language: 'nl', reason: 'customer_request', priority, context: context(), conversationReference: { conversation: { id: conversationId } } };
}

describe('HandoffService on SQLite', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: SqliteDatabase;
  let now: Date;
  let agents: number;
  const hours = new BusinessHours(samplePack().businessHours, 'always');
  const service = (database = db) => new HandoffService({ store: new SqliteHandoffStore(database), hours, agentsOnline: () => agents, clock: () => now, maxQueueMinutes: 30 });
  const minutes = (m: number) => (now = new Date(now.getTime() + m * 60_000));

  beforeEach(() => {
    dir = tempDir();
    db = openSqliteDatabase(join(dir.path, 'balie.sqlite'));
    now = new Date('2026-11-23T10:00:00Z');
    agents = 1;
  });
  afterEach(() => {
    if (db.open) db.close();
    dir.cleanup();
  });

  it('queues, assigns, resolves, and records every transition with who and when', () => {
    const handoffs = service();
    const queued = handoffs.enqueue(request('a'), 'customer');
    expect(queued.reference).to.match(/^BAL-[A-Z2-9]{5}$/);
    expect(handoffs.owner('a')).to.equal('queued');
    minutes(2);
    handoffs.accept(queued.id, 'agent-1');
    expect(handoffs.owner('a')).to.equal('agent');
    minutes(5);
    const resolved = handoffs.resolve(queued.id, 'agent-1', 'refund started');
    expect(resolved).to.include({ state: 'resolved', agentId: 'agent-1', note: 'refund started' });
    expect(handoffs.owner('a')).to.equal('bot');
    const events = new SqliteHandoffStore(db).events(queued.id);
    expect(events.map((e) => [e.from, e.to, e.actor, e.at])).to.deep.equal([
      ['bot', 'queued', 'customer', '2026-11-23T10:00:00.000Z'],
      ['queued', 'agent', 'agent:agent-1', '2026-11-23T10:02:00.000Z'],
      ['agent', 'resolved', 'agent:agent-1', '2026-11-23T10:07:00.000Z'],
    ]);
    expect(new SqliteHandoffStore(db).recentHandlingMinutes(5)[0]).to.be.closeTo(5, 0.01);
  });

  it('allows one open handoff per conversation', () => {
    service().enqueue(request('a'), 'customer');
    expect(() => service().enqueue(request('a'), 'customer')).to.throw(HandoffExistsError);
  });

  it('lets exactly one of two racing agents (two connections to the file) accept', () => {
    const queued = service().enqueue(request('race'), 'customer');
    const other = openSqliteDatabase(join(dir.path, 'balie.sqlite'));
    const outcomes = [service(db), service(other)].map((s, i) => {
      try {
        s.accept(queued.id, `agent-${i}`);
        return 'won';
      } catch {
        return 'lost';
      }
    });
    other.close();
    expect(outcomes.sort()).to.deep.equal(['lost', 'won']);
    expect(new SqliteHandoffStore(db).get(queued.id)?.agentId).to.equal('agent-0');
  });

  it('survives a restart: state and events come back from the file', () => {
    const queued = service().enqueue(request('persist'), 'customer');
    service().accept(queued.id, 'agent-7');
    db.close();
    db = openSqliteDatabase(join(dir.path, 'balie.sqlite'));
    expect(service().owner('persist')).to.equal('agent');
    expect(new SqliteHandoffStore(db).events(queued.id)).to.have.length(2);
  });

  it('orders the queue by waiting time, with priority worth 15 minutes', () => {
    const handoffs = service();
    handoffs.enqueue(request('first'), 'customer');
    minutes(5);
    handoffs.enqueue(request('frustrated', 1), 'bot');
    minutes(1);
    handoffs.enqueue(request('third'), 'customer');
    minutes(2);
    const queue = handoffs.queue();
    expect(queue.map((e) => [e.handoff.conversationId, e.position, e.waitingMinutes])).to.deep.equal([
      ['frustrated', 1, 3],
      ['first', 2, 8],
      ['third', 3, 2],
    ]);
  });

  it('estimates the wait from recent handling times and agents online', () => {
    const handoffs = service();
    for (const id of ['h1', 'h2']) {
      const h = handoffs.enqueue(request(id), 'customer');
      handoffs.accept(h.id, 'agent-1');
      minutes(4);
      handoffs.resolve(h.id, 'agent-1');
    }
    handoffs.enqueue(request('w1'), 'customer');
    handoffs.enqueue(request('w2'), 'customer');
    agents = 2;
    expect(handoffs.queue().map((e) => e.expectedWaitMinutes)).to.deep.equal([2, 4]);
  });

  it('abandons a customer who waited past the limit, and leaves accepted ones alone', () => {
    const handoffs = service();
    const waiting = handoffs.enqueue(request('slow'), 'customer');
    const taken = handoffs.enqueue(request('taken'), 'customer');
    handoffs.accept(taken.id, 'agent-1');
    minutes(29);
    expect(handoffs.expireWaiting()).to.have.length(0);
    minutes(2);
    expect(handoffs.expireWaiting().map((h) => h.id)).to.deep.equal([waiting.id]);
    expect(handoffs.owner('slow')).to.equal('bot');
    expect(handoffs.owner('taken')).to.equal('agent');
  });

  it('lets a customer leave the queue', () => {
    const handoffs = service();
    handoffs.enqueue(request('leaver'), 'customer');
    expect(handoffs.leaveQueue('leaver')?.state).to.equal('abandoned');
    expect(handoffs.leaveQueue('leaver')).to.equal(undefined);
  });

  it('reports each position change once', () => {
    const handoffs = service();
    const a = handoffs.enqueue(request('a'), 'customer');
    handoffs.enqueue(request('b'), 'customer');
    expect(handoffs.positionChanges().map((e) => [e.handoff.conversationId, e.position])).to.deep.equal([['a', 1], ['b', 2]]);
    expect(handoffs.positionChanges()).to.deep.equal([]);
    handoffs.accept(a.id, 'agent-1');
    expect(handoffs.positionChanges().map((e) => [e.handoff.conversationId, e.position])).to.deep.equal([['b', 1]]);
  });

  it('keeps tickets out of the queue and out of ownership', () => {
    const handoffs = service();
    const ticket = handoffs.createTicket(request('offline'), 'customer');
    expect(ticket.state).to.equal('ticket');
    expect(handoffs.owner('offline')).to.equal('bot');
    expect(handoffs.queue()).to.have.length(0);
    expect(handoffs.closeTicket(ticket.id, 'agent-1', 'answered by email').state).to.equal('resolved');
  });

  it('is available only in business hours with an agent online', () => {
    agents = 0;
    expect(service().availability()).to.equal('no_agents');
    const closed = new HandoffService({ store: new SqliteHandoffStore(db), hours: new BusinessHours(samplePack().businessHours, 'never'), agentsOnline: () => 3, clock: () => now, maxQueueMinutes: 30 });
    expect(closed.availability()).to.equal('closed');
    agents = 1;
    expect(service().availability()).to.equal('available');
  });
});

describe('business hours (Europe/Amsterdam, sample pack)', () => {
  const hours = new BusinessHours(samplePack().businessHours);
  const cases: [string, boolean, string][] = [
    ['2026-11-23T08:30:00Z', true, 'Monday 09:30 in winter (UTC+1)'],
    ['2026-11-23T07:59:00Z', false, 'Monday 08:59'],
    ['2026-11-23T16:29:00Z', true, 'Monday 17:29'],
    ['2026-11-23T16:30:00Z', false, 'Monday 17:30'],
    ['2026-07-06T07:30:00Z', true, 'Monday 09:30 in summer (UTC+2)'],
    ['2026-11-28T14:30:00Z', true, 'Saturday 15:30'],
    ['2026-11-28T15:00:00Z', false, 'Saturday 16:00'],
    ['2026-11-29T11:00:00Z', false, 'Sunday'],
    ['2026-12-25T10:00:00Z', false, 'Christmas Day (a Friday, closed date)'],
  ];
  for (const [at, open, what] of cases) it(`${what}: ${open ? 'open' : 'closed'}`, () => expect(hours.isOpen(new Date(at))).to.equal(open));

  it('finds the next opening', () => {
    expect(hours.nextOpening(new Date('2026-11-28T15:30:00Z'))?.toISOString()).to.equal('2026-11-30T08:00:00.000Z');
  });

  it('can be overridden', () => {
    expect(new BusinessHours(samplePack().businessHours, 'always').isOpen(new Date('2026-11-29T11:00:00Z'))).to.equal(true);
    expect(new BusinessHours(samplePack().businessHours, 'never').isOpen(new Date('2026-11-23T10:00:00Z'))).to.equal(false);
  });
});

describe('expectedWaitMinutes', () => {
  it('uses position × average handling time ÷ agents, at least one minute', () => {
    expect(expectedWaitMinutes(3, [4, 6], 1)).to.equal(15);
    expect(expectedWaitMinutes(3, [4, 6], 2)).to.equal(8);
    expect(expectedWaitMinutes(1, [], 0)).to.equal(6);
    expect(expectedWaitMinutes(1, [0.1], 4)).to.equal(1);
  });
});
