import { expect } from 'chai';
import { BusinessHours } from '../../handoff/businessHours';
import { HandoffRequest, HandoffService } from '../../handoff/handoffService';
import { HandoffExistsError, StaleHandoffError } from '../../handoff/handoffStore';
import { ContextPackage } from '../../handoff/types';
import { samplePack } from '../helpers/fixtures';
import { describeEachStore, openTestStore, otherInstance, useFreshStore } from '../helpers/testDatabases';

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
  return {
    conversationId,
    channelId: 'test',
    customerId: `cust-${conversationId}`,
    language: 'nl',
    reason: 'customer_request',
    priority,
    context: context(),
    conversationReference: { conversation: { id: conversationId } },
  };
}

describeEachStore('HandoffService and the handoff store', function (kind) {
  const fixture = useFreshStore(kind);
  let now: Date;
  let agents: number;
  const hours = new BusinessHours(samplePack().businessHours, 'always');
  const ticketResponseTime = { businessDays: 1, before: '12:00' };
  const service = (on = fixture.store) =>
    new HandoffService({ store: on.handoffs, hours, agentsOnline: async () => agents, clock: () => now, maxQueueMinutes: 30, ticketResponseTime });
  const minutes = (m: number) => (now = new Date(now.getTime() + m * 60_000));

  beforeEach(() => {
    now = new Date('2026-11-23T10:00:00Z');
    agents = 1;
  });

  it('queues, assigns, resolves, and records every transition with who and when', async () => {
    const handoffs = service();
    const queued = await handoffs.enqueue(request('a'), 'customer');
    expect(queued.reference).to.match(/^BAL-[A-Z2-9]{5}$/);
    expect(await handoffs.owner('a')).to.equal('queued');
    minutes(2);
    await handoffs.accept(queued.id, 'agent-1');
    expect(await handoffs.owner('a')).to.equal('agent');
    minutes(5);
    const resolved = await handoffs.resolve(queued.id, 'agent-1', 'refund started');
    expect(resolved).to.include({
      state: 'resolved',
      agentId: 'agent-1',
      note: 'refund started',
      acceptedAt: '2026-11-23T10:02:00.000Z',
      closedAt: '2026-11-23T10:07:00.000Z',
    });
    expect(resolved.context).to.deep.equal(context());
    expect(await handoffs.owner('a')).to.equal('bot');
    const events = await fixture.store.handoffs.events(queued.id);
    expect(events.map((e) => [e.from, e.to, e.actor, e.at])).to.deep.equal([
      ['bot', 'queued', 'customer', '2026-11-23T10:00:00.000Z'],
      ['queued', 'agent', 'agent:agent-1', '2026-11-23T10:02:00.000Z'],
      ['agent', 'resolved', 'agent:agent-1', '2026-11-23T10:07:00.000Z'],
    ]);
    expect((await fixture.store.handoffs.recentHandlingMinutes(5))[0]).to.be.closeTo(5, 0.01);
  });

  it('allows one open handoff per conversation', async () => {
    await service().enqueue(request('a'), 'customer');
    let error: unknown;
    await service()
      .enqueue(request('a'), 'customer')
      .catch((e) => (error = e));
    expect(error).to.be.instanceOf(HandoffExistsError);
  });

  it('answers many turns asking for their open handoff at once, each with its own conversation', async () => {
    const handoffs = service();
    const queued = await handoffs.enqueue(request('open-1'), 'customer');
    const accepted = await handoffs.enqueue(request('open-2'), 'customer');
    await handoffs.accept(accepted.id, 'agent-1');
    await handoffs.enqueue(request('open-3'), 'customer');
    await handoffs.leaveQueue('open-3');
    // Asked together (one statement when the store is busy), the same conversation more than once among them.
    const asks = ['open-1', 'open-2', 'open-3', 'none', 'open-1', 'open-2'];
    const found = await Promise.all(asks.map((id) => fixture.store.handoffs.openFor(id)));
    expect(found.map((h) => h?.id)).to.deep.equal([queued.id, accepted.id, undefined, undefined, queued.id, accepted.id]);
    expect(found[0]).to.not.equal(found[4], 'each ask gets its own copy');
    expect(found[1]?.agentId).to.equal('agent-1');
  });

  it('lets exactly one of two racing agents accept, each on its own connection (two instances)', async () => {
    const queued = await service().enqueue(request('race'), 'customer');
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      const outcomes = await Promise.all(
        [service(fixture.store), service(other.store)].map((s, i) =>
          s.accept(queued.id, `agent-${i}`).then(
            () => 'won',
            () => 'lost',
          ),
        ),
      );
      expect([...outcomes].sort()).to.deep.equal(['lost', 'won']);
      const winner = outcomes.indexOf('won');
      expect((await fixture.store.handoffs.get(queued.id))?.agentId).to.equal(`agent-${winner}`);
      expect(await fixture.store.handoffs.events(queued.id)).to.have.length(2);
    } finally {
      await other.close();
    }
  });

  it('survives a restart: state and events come back from the database', async () => {
    const queued = await service().enqueue(request('persist'), 'customer');
    await service().accept(queued.id, 'agent-7');
    await fixture.store.close();
    fixture.store = await openTestStore(fixture.database);
    expect(await service().owner('persist')).to.equal('agent');
    expect(await fixture.store.handoffs.events(queued.id)).to.have.length(2);
  });

  it('orders the queue by waiting time, with priority worth 15 minutes', async () => {
    const handoffs = service();
    await handoffs.enqueue(request('first'), 'customer');
    minutes(5);
    await handoffs.enqueue(request('frustrated', 1), 'bot');
    minutes(1);
    await handoffs.enqueue(request('third'), 'customer');
    minutes(2);
    const queue = await handoffs.queue();
    expect(queue.map((e) => [e.handoff.conversationId, e.position, e.waitingMinutes])).to.deep.equal([
      ['frustrated', 1, 3],
      ['first', 2, 8],
      ['third', 3, 2],
    ]);
  });

  it('keeps arrival order for handoffs created in the same millisecond', async () => {
    const handoffs = service();
    for (const id of ['q1', 'q2', 'q3', 'q4']) await handoffs.enqueue(request(id), 'customer');
    expect((await handoffs.queue()).map((e) => e.handoff.conversationId)).to.deep.equal(['q1', 'q2', 'q3', 'q4']);
  });

  it('estimates the wait from recent handling times and agents online', async () => {
    const handoffs = service();
    for (const id of ['h1', 'h2']) {
      const h = await handoffs.enqueue(request(id), 'customer');
      await handoffs.accept(h.id, 'agent-1');
      minutes(4);
      await handoffs.resolve(h.id, 'agent-1');
    }
    await handoffs.enqueue(request('w1'), 'customer');
    await handoffs.enqueue(request('w2'), 'customer');
    agents = 2;
    expect((await handoffs.queue()).map((e) => e.expectedWaitMinutes)).to.deep.equal([2, 4]);
  });

  it('abandons a customer who waited past the limit, and leaves accepted ones alone', async () => {
    const handoffs = service();
    const waiting = await handoffs.enqueue(request('slow'), 'customer');
    const taken = await handoffs.enqueue(request('taken'), 'customer');
    await handoffs.accept(taken.id, 'agent-1');
    minutes(29);
    expect(await handoffs.expireWaiting()).to.have.length(0);
    minutes(2);
    expect((await handoffs.expireWaiting()).map((h) => h.id)).to.deep.equal([waiting.id]);
    expect(await handoffs.owner('slow')).to.equal('bot');
    expect(await handoffs.owner('taken')).to.equal('agent');
  });

  it('times a waiting customer out once, however many instances sweep at the same moment', async () => {
    await service().enqueue(request('slow'), 'customer');
    minutes(31);
    const others = [await otherInstance(fixture.database, fixture.store, 'b'), await otherInstance(fixture.database, fixture.store, 'c')];
    try {
      const results = await Promise.all([service(), ...others.map((o) => service(o.store))].map((s) => s.expireWaiting()));
      expect(results.map((r) => r.length).reduce((a, b) => a + b)).to.equal(1);
    } finally {
      for (const other of others) await other.close();
    }
  });

  it('lets a customer leave the queue', async () => {
    const handoffs = service();
    await handoffs.enqueue(request('leaver'), 'customer');
    expect((await handoffs.leaveQueue('leaver'))?.state).to.equal('abandoned');
    expect(await handoffs.leaveQueue('leaver')).to.equal(undefined);
  });

  it('reports each position change once, also when two instances ask', async () => {
    const handoffs = service();
    const a = await handoffs.enqueue(request('a'), 'customer');
    await handoffs.enqueue(request('b'), 'customer');
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      const [mine, theirs] = await Promise.all([handoffs.positionChanges(), service(other.store).positionChanges()]);
      expect([...mine, ...theirs].map((e) => [e.handoff.conversationId, e.position]).sort()).to.deep.equal([
        ['a', 1],
        ['b', 2],
      ]);
    } finally {
      await other.close();
    }
    expect(await handoffs.positionChanges()).to.deep.equal([]);
    await handoffs.accept(a.id, 'agent-1');
    expect((await handoffs.positionChanges()).map((e) => [e.handoff.conversationId, e.position])).to.deep.equal([['b', 1]]);
  });

  it('keeps tickets out of the queue and out of ownership', async () => {
    const handoffs = service();
    const ticket = await handoffs.createTicket(request('offline'), 'customer');
    expect(ticket.state).to.equal('ticket');
    expect(await handoffs.owner('offline')).to.equal('bot');
    expect(await handoffs.queue()).to.have.length(0);
    expect(await handoffs.tickets()).to.have.length(1);
    expect((await handoffs.closeTicket(ticket.id, 'agent:agent-1', 'answered by email')).state).to.equal('closed');
    expect(await handoffs.tickets()).to.have.length(0);
  });

  describe('the ticket lifecycle', () => {
    // Monday 1 December 2026, 20:00 in Amsterdam: the desk is closed.
    beforeEach(() => (now = new Date('2026-11-30T19:00:00Z')));

    it('is due when the content pack promises: the next business day before 12:00, local time', async () => {
      const ticket = await service().createTicket(request('t'), 'bot');
      expect(ticket.dueAt).to.equal('2026-12-01T11:00:00.000Z'); // Tuesday 12:00 CET
      expect(service().ticketDueFrom().toISOString()).to.equal(ticket.dueAt);
    });

    it('goes ticket → answered → (customer replies) ticket → answered → closed, each step stored with who and when', async () => {
      const handoffs = service();
      const ticket = await handoffs.createTicket(request('t'), 'bot');
      minutes(60 * 13); // Tuesday 09:00
      const taken = await handoffs.takeTicket(ticket.id, 'anna');
      expect([taken.state, taken.agentId]).to.deep.equal(['ticket', 'anna']);
      minutes(30);
      const answered = await handoffs.answerTicket(ticket.id, 'anna');
      expect(answered.state).to.equal('answered');
      expect(answered.answeredAt).to.equal(now.toISOString());
      minutes(60);
      const reopened = await handoffs.reopenTicket(ticket.id);
      expect(reopened.state).to.equal('ticket');
      expect(reopened.agentId).to.equal('anna'); // the owner stays
      expect(reopened.dueAt).to.equal('2026-12-02T11:00:00.000Z'); // due anew: Wednesday 12:00
      await handoffs.answerTicket(ticket.id, 'anna');
      const closed = await handoffs.closeTicket(ticket.id, 'agent:anna', 'solved');
      expect([closed.state, closed.closedAt, closed.note]).to.deep.equal(['closed', now.toISOString(), 'solved']);
      const events = await handoffs.events(ticket.id);
      expect(events.map((e) => [e.from, e.to, e.actor])).to.deep.equal([
        ['bot', 'ticket', 'bot'],
        ['ticket', 'ticket', 'agent:anna'],
        ['ticket', 'answered', 'agent:anna'],
        ['answered', 'ticket', 'customer'],
        ['ticket', 'answered', 'agent:anna'],
        ['answered', 'closed', 'agent:anna'],
      ]);
    });

    it('lets one agent take an unowned ticket; a second taking it at the same time loses', async () => {
      const handoffs = service();
      const ticket = await handoffs.createTicket(request('t'), 'bot');
      const results = await Promise.allSettled([handoffs.takeTicket(ticket.id, 'anna'), handoffs.takeTicket(ticket.id, 'bram')]);
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).to.be.instanceOf(StaleHandoffError);
      // Only the owner answers; a supervisor takes over naming the owner they saw.
      const owner = (await handoffs.get(ticket.id))!.agentId!;
      const other = owner === 'anna' ? 'bram' : 'anna';
      const refused = await handoffs.answerTicket(ticket.id, other).catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(StaleHandoffError);
      expect((await handoffs.takeTicket(ticket.id, other, owner)).agentId).to.equal(other);
    });

    it('marks a ticket overdue once, after its due time, and never one that was answered', async () => {
      const handoffs = service();
      const late = await handoffs.createTicket(request('late'), 'bot');
      const answered = await handoffs.createTicket(request('answered'), 'bot');
      await handoffs.takeTicket(answered.id, 'anna');
      await handoffs.answerTicket(answered.id, 'anna');
      expect(await handoffs.markOverdueTickets()).to.deep.equal([]);
      minutes(16 * 60 + 1); // Tuesday 12:01
      expect((await handoffs.markOverdueTickets()).map((h) => h.id)).to.deep.equal([late.id]);
      expect(await handoffs.markOverdueTickets()).to.deep.equal([]); // told once
      const listed = await handoffs.tickets();
      expect(listed.map((e) => [e.handoff.id, e.overdue])).to.deep.equal([
        [late.id, true],
        [answered.id, false],
      ]);
      // A reply reopens the answered one with a new due time; the late one is still first.
      await handoffs.reopenTicket(answered.id);
      expect((await handoffs.tickets()).map((e) => e.handoff.id)).to.deep.equal([late.id, answered.id]);
    });
  });

  it('finds the latest handoff of a conversation and a customer’s history, newest first', async () => {
    const handoffs = service();
    const first = await handoffs.enqueue(request('c'), 'customer');
    await handoffs.leaveQueue('c');
    const second = await handoffs.enqueue(request('c'), 'customer');
    expect((await handoffs.latestFor('c'))?.id).to.equal(second.id);
    expect((await handoffs.history('cust-c')).map((h) => h.id)).to.have.members([first.id, second.id]);
    expect(await handoffs.get('no-such-id')).to.equal(undefined);
  });

  it('is available only in business hours with an agent online', async () => {
    agents = 0;
    expect(await service().availability()).to.equal('no_agents');
    const closed = new HandoffService({
      store: fixture.store.handoffs,
      hours: new BusinessHours(samplePack().businessHours, 'never'),
      agentsOnline: async () => 3,
      clock: () => now,
      maxQueueMinutes: 30,
      ticketResponseTime,
    });
    expect(await closed.availability()).to.equal('closed');
    agents = 1;
    expect(await service().availability()).to.equal('available');
  });
});
