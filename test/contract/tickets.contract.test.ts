import { expect } from 'chai';
import { BusinessHours } from '../../handoff/businessHours';
import { HandoffService } from '../../handoff/handoffService';
import { ClaimTimes, NewDelivery } from '../../handoff/ticketStore';
import { ContextPackage } from '../../handoff/types';
import { samplePack } from '../helpers/fixtures';
import { describeEachStore, otherInstance, useFreshStore } from '../helpers/testDatabases';

const context: ContextPackage = {
  customer: { id: 'c1', channel: 'webchat', language: 'nl' },
  summary: 'test',
  reason: 'customer_request',
  reasonDetail: '',
  intents: [],
  entities: { email: 'c1@example.nl' },
  sentiment: { trend: 'stable', scores: [], latest: 0 },
  botAnswers: [],
  transcript: [],
  earlierConversations: [],
};

describeEachStore('the ticket store: thread, deliveries and webhook events', function (kind) {
  const fixture = useFreshStore(kind);
  const now = new Date('2026-12-01T09:00:00Z');
  const times = (at: Date, leaseSeconds = 30): ClaimTimes => {
    const real = Date.now();
    return { dueBy: at.toISOString(), leaseNow: new Date(real).toISOString(), leaseUntil: new Date(real + leaseSeconds * 1000).toISOString() };
  };

  async function ticket(conversationId: string) {
    const service = new HandoffService({
      store: fixture.store.handoffs,
      hours: new BusinessHours(samplePack().businessHours),
      agentsOnline: async () => 0,
      clock: () => now,
      maxQueueMinutes: 30,
      ticketResponseTime: { businessDays: 1, before: '12:00' },
    });
    return service.createTicket(
      {
        conversationId,
        channelId: 'webchat',
        customerId: `cust-${conversationId}`,
        language: 'nl',
        reason: 'customer_request',
        priority: 0,
        context,
        conversationReference: {},
      },
      'bot',
    );
  }

  const deliveries = (handoffId: string, subject: NewDelivery['subject']): NewDelivery[] => [
    { id: `${handoffId}-${subject}-chat`, handoffId, subject, channel: 'webchat', createdAt: now.toISOString() },
    { id: `${handoffId}-${subject}-mail`, handoffId, subject, channel: 'email', recipient: 'c1@example.nl', createdAt: now.toISOString() },
  ];

  it('keeps the thread in order and schedules each delivery once per ticket, subject and channel', async () => {
    const { id } = await ticket('t1');
    const store = fixture.store.tickets;
    await store.addMessage({ id: 'm1', handoffId: id, author: 'agent', agentId: 'anna', text: 'Antwoord', createdAt: '2026-12-01T09:00:00.000Z' });
    await store.addMessage({ id: 'm2', handoffId: id, author: 'customer', text: 'Reactie', conversationId: 'dl_2', createdAt: '2026-12-01T09:05:00.000Z' });
    expect((await store.messages(id)).map((m) => [m.id, m.author, m.conversationId])).to.deep.equal([
      ['m1', 'agent', undefined],
      ['m2', 'customer', 'dl_2'],
    ]);
    await store.schedule(deliveries(id, 'answer:m1'));
    await store.schedule(deliveries(id, 'answer:m1').map((d) => ({ ...d, id: `${d.id}-again` })));
    expect(await store.deliveries(id)).to.have.length(2);
    expect(await store.backlog()).to.deep.equal({ webchat: 1, email: 1 });
  });

  it('lets two instances claiming at once take each delivery once; a failed one waits for its retry time, then counts as failed when given up', async () => {
    const a = await ticket('t2');
    const b = await ticket('t3');
    await fixture.store.tickets.schedule([...deliveries(a.id, 'answer:x'), ...deliveries(b.id, 'overdue')]);
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      const [mine, theirs] = await Promise.all([fixture.store.tickets.claimDue('one', times(now), 2), other.store.tickets.claimDue('two', times(now), 10)]);
      const ids = [...mine, ...theirs].map((d) => d.id);
      expect(ids).to.have.length(4);
      expect(new Set(ids).size, 'no delivery claimed twice').to.equal(4);
      expect(await fixture.store.tickets.claimDue('three', times(now), 10), 'all held').to.deep.equal([]);
      const [first, second] = [...mine, ...theirs];
      await fixture.store.tickets.markSent(first.id, 'delivered', now.toISOString());
      await fixture.store.tickets.markSent(first.id, 'sent', now.toISOString()); // a late second report changes nothing
      await fixture.store.tickets.markAttemptFailed(second.id, 'mailbox busy', new Date(now.getTime() + 30_000).toISOString());
      expect(await fixture.store.tickets.claimDue('three', times(now), 10), 'not before its retry time').to.deep.equal([]);
      const retried = await fixture.store.tickets.claimDue('three', times(new Date(now.getTime() + 30_000)), 10);
      expect(retried.map((d) => [d.id, d.attempts, d.lastError])).to.deep.equal([[second.id, 1, 'mailbox busy']]);
      await fixture.store.tickets.markAttemptFailed(second.id, 'mailbox gone');
      const all = [...(await fixture.store.tickets.deliveries(a.id)), ...(await fixture.store.tickets.deliveries(b.id))];
      expect(all.find((d) => d.id === first.id)!.status).to.equal('delivered');
      expect(all.find((d) => d.id === second.id)).to.deep.include({ status: 'failed', attempts: 2, lastError: 'mailbox gone' });
    } finally {
      await other.close();
    }
  });

  it('gives a claim of an instance that died to another once its lease ran out', async () => {
    const { id } = await ticket('t4');
    await fixture.store.tickets.schedule(deliveries(id, 'effort').slice(0, 1));
    expect(await fixture.store.tickets.claimDue('dead', times(now, 0), 10)).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await fixture.store.tickets.claimDue('alive', times(now), 10)).to.have.length(1);
  });

  it('keeps webhook events until delivered, claims each once, and forgets finished ones after a while', async () => {
    const webhooks = fixture.store.webhooks;
    for (const n of [1, 2, 3])
      await webhooks.add({ id: `e${n}`, type: 'ticket.created', handoffId: `h${n}`, payload: '{}', createdAt: `2026-12-01T08:59:5${n}.000Z` });
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      const claimed = (await Promise.all([webhooks.claimDue('one', times(now), 2), other.store.webhooks.claimDue('two', times(now), 2)])).flat();
      expect(claimed.map((e) => e.id).sort()).to.deep.equal(['e1', 'e2', 'e3']);
    } finally {
      await other.close();
    }
    await webhooks.markDelivered('e1', now.toISOString());
    await webhooks.markAttemptFailed('e2', 'the helpdesk answered 503', new Date(now.getTime() + 60_000).toISOString());
    expect(await webhooks.backlog()).to.equal(2);
    expect(await webhooks.removeFinishedBefore('2026-12-02T00:00:00.000Z')).to.equal(1);
    expect(await webhooks.backlog()).to.equal(2);
  });
});
