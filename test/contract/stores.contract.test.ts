import { expect } from 'chai';
import { AgentDirectory } from '../../agents/agentDirectory';
import { DuplicateUsernameError } from '../../agents/agentAccounts';
import { AnalyticsWrite, ConversationAnalytics, directSink } from '../../analytics/recorder';
import { samplePack } from '../helpers/fixtures';
import { CannedReplies } from '../../handoff/desk/cannedReplies';
import { describeEachStore, otherInstance, useFreshStore } from '../helpers/testDatabases';

/** Every storage port, on each store: what the service relies on, including between instances. */
describeEachStore('storage ports', function (kind) {
  const fixture = useFreshStore(kind);

  describe('transcripts', () => {
    const activity = (id: string | undefined, text: string, direction = 'in') => ({
      type: 'message',
      id,
      text,
      channelId: 'webchat',
      conversation: { id: 'conv-1' },
      from: { id: direction === 'in' ? 'customer-1' : 'balie' },
      timestamp: '2026-11-23T10:00:00.000Z',
    });

    it('appends in order and lists a conversation with the whole activity', async () => {
      await fixture.store.transcripts.append('in', activity('a1', 'waar is mijn pakket?'), 'a1');
      await fixture.store.transcripts.append('out', activity(undefined, 'Wat is je bestelnummer?', 'out'));
      const entries = await fixture.store.transcripts.list('conv-1');
      expect(entries.map((e) => [e.direction, e.text, e.fromId, e.timestamp])).to.deep.equal([
        ['in', 'waar is mijn pakket?', 'customer-1', '2026-11-23T10:00:00.000Z'],
        ['out', 'Wat is je bestelnummer?', 'balie', '2026-11-23T10:00:00.000Z'],
      ]);
      expect(entries[0].activity).to.deep.include({ id: 'a1', channelId: 'webchat' });
      expect(entries[1].id).to.be.greaterThan(entries[0].id);
    });

    it('stores a message that arrives twice (same key, same direction) once', async () => {
      expect(await fixture.store.transcripts.append('in', activity('dup', 'hallo'), 'dup')).to.equal(true);
      expect(await fixture.store.transcripts.append('in', activity('dup', 'hallo'), 'dup')).to.equal(false);
      expect(await fixture.store.transcripts.append('out', activity('dup', 'hallo', 'out'), 'dup'), 'another direction is another message').to.equal(true);
      // Made together (one batch): stored in order, a repeat inside the batch counted once.
      const together = await Promise.all(
        ['een', 'twee', 'drie', 'twee'].map((text) => fixture.store.transcripts.append('in', { ...activity(text, text), conversation: { id: 'batch' } }, text)),
      );
      expect(together).to.deep.equal([true, true, true, false]);
      expect((await fixture.store.transcripts.list('batch')).map((e) => e.text)).to.deep.equal(['een', 'twee', 'drie']);
      expect((await fixture.store.transcripts.list('conv-1')).filter((e) => e.direction === 'in')).to.have.length(1);
    });

    it('summarises conversations and finds a customer’s other ones, newest first', async () => {
      await fixture.store.transcripts.append('in', { ...activity('x1', 'eerste vraag'), conversation: { id: 'old' }, timestamp: '2026-11-01T10:00:00.000Z' });
      await fixture.store.transcripts.append('in', { ...activity('x2', 'tweede vraag'), conversation: { id: 'newer' }, timestamp: '2026-11-10T10:00:00.000Z' });
      await fixture.store.transcripts.append('in', activity('x3', 'nu'));
      expect(await fixture.store.transcripts.conversationSummary('old')).to.deep.equal({
        conversationId: 'old',
        channelId: 'webchat',
        startedAt: '2026-11-01T10:00:00.000Z',
        firstMessage: 'eerste vraag',
      });
      expect((await fixture.store.transcripts.conversationsOf('customer-1', 'conv-1')).map((c) => c.conversationId)).to.deep.equal(['newer', 'old']);
      expect(await fixture.store.transcripts.conversationSummary('nothing')).to.equal(undefined);
    });
  });

  describe('effort prompts (the effort question after a quiet spell)', () => {
    const prompt = (conversationId: string, resolvedAt: string) => ({
      conversationId,
      channelId: 'directline',
      reference: { conversation: { id: conversationId }, serviceUrl: 'http://127.0.0.1:3978' },
      language: 'nl' as const,
      resolvedAt,
    });

    it('keeps one prompt per conversation (a later one replaces it), and hands out only the due ones', async () => {
      await fixture.store.effortPrompts.schedule(prompt('c1', '2026-12-01T10:00:00.000Z'), '2026-12-01T10:02:00.000Z');
      await fixture.store.effortPrompts.schedule(prompt('c1', '2026-12-01T10:05:00.000Z'), '2026-12-01T10:07:00.000Z');
      await fixture.store.effortPrompts.schedule(prompt('c2', '2026-12-01T10:01:00.000Z'), '2026-12-01T10:03:00.000Z');
      expect(await fixture.store.effortPrompts.takeDue('2026-12-01T10:06:00.000Z', 10)).to.deep.equal([prompt('c2', '2026-12-01T10:01:00.000Z')]);
      expect(await fixture.store.effortPrompts.takeDue('2026-12-01T10:06:00.000Z', 10), 'taken once').to.deep.equal([]);
      expect((await fixture.store.effortPrompts.takeDue('2026-12-01T10:08:00.000Z', 10)).map((p) => p.resolvedAt)).to.deep.equal(['2026-12-01T10:05:00.000Z']);
    });

    it('gives each due prompt to one of two instances taking at once', async () => {
      for (let i = 0; i < 30; i++) await fixture.store.effortPrompts.schedule(prompt(`c${i}`, '2026-12-01T10:00:00.000Z'), '2026-12-01T10:02:00.000Z');
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        const [a, b] = await Promise.all([
          fixture.store.effortPrompts.takeDue('2026-12-01T10:03:00.000Z', 100),
          other.store.effortPrompts.takeDue('2026-12-01T10:03:00.000Z', 100),
        ]);
        const ids = [...a, ...b].map((p) => p.conversationId);
        expect(ids).to.have.length(30);
        expect(new Set(ids).size).to.equal(30);
      } finally {
        await other.close();
      }
    });
  });

  describe('agent message outbox', () => {
    const message = (id: string, createdAt = '2026-11-23T10:00:00.000Z') => ({
      id,
      conversationId: 'c1',
      handoffId: 'h1',
      agentId: 'a1',
      text: `text ${id}`,
      createdAt,
    });
    const later = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    beforeEach(async () => {
      // The outbox refers to a handoff.
      await fixture.store.handoffs.create(
        {
          id: 'h1',
          reference: 'BAL-AAAAA',
          conversationId: 'c1',
          channelId: 'webchat',
          customerId: 'u1',
          language: 'nl',
          reason: 'customer_request',
          priority: 0,
          createdAt: '2026-11-23T09:00:00.000Z',
          context: {} as never,
          conversationReference: {},
          state: 'queued',
        },
        'test',
      );
    });

    it('gives each undelivered message to one claimant at a time, and to another once the claim ran out', async () => {
      await fixture.store.outbox.add(message('m1'), 'instance-a', later(30));
      await fixture.store.outbox.add(message('m2', '2026-11-23T10:00:01.000Z'), 'instance-a', later(-1));
      const now = new Date().toISOString();
      expect((await fixture.store.outbox.claimPending('instance-b', now, later(30))).map((m) => m.id)).to.deep.equal(['m2']);
      expect(await fixture.store.outbox.claimPending('instance-c', now, later(30))).to.deep.equal([]);
      expect(await fixture.store.outbox.claimPending('instance-c', now, later(30), undefined, 50, true), 'only its own claims').to.deep.equal([]);
      expect(
        (await fixture.store.outbox.claimPending('instance-a', now, later(30), undefined, 50, true)).map((m) => m.id),
        'its own held claim',
      ).to.deep.equal(['m1']);
      expect((await fixture.store.outbox.claimPending('instance-c', later(31), later(60))).map((m) => m.id)).to.deep.equal(['m1', 'm2']);
      expect(await fixture.store.outbox.backlog()).to.equal(2);
    });

    it('hands a message to exactly one of several instances claiming at the same moment', async () => {
      for (let i = 0; i < 20; i++) await fixture.store.outbox.add(message(`m${String(i).padStart(2, '0')}`), 'sender', later(-1));
      const others = [await otherInstance(fixture.database, fixture.store, 'b'), await otherInstance(fixture.database, fixture.store, 'c')];
      try {
        const now = new Date().toISOString();
        const claims = await Promise.all([fixture.store, ...others.map((o) => o.store)].map((s, i) => s.outbox.claimPending(`claimant-${i}`, now, later(30))));
        const ids = claims.flat().map((m) => m.id);
        expect(ids).to.have.length(20);
        expect(new Set(ids).size).to.equal(20);
      } finally {
        for (const other of others) await other.close();
      }
    });

    it('forgets a failed claim, and keeps delivered messages out of the pending ones', async () => {
      await fixture.store.outbox.add(message('m1'), 'a', later(30));
      await fixture.store.outbox.markAttempt('m1');
      const [retry] = await fixture.store.outbox.claimPending('b', new Date().toISOString(), later(30), 'c1');
      expect(retry).to.include({ id: 'm1', attempts: 1 });
      await fixture.store.outbox.markDelivered('m1', '2026-11-23T10:00:05.000Z');
      expect(await fixture.store.outbox.pending()).to.deep.equal([]);
      expect((await fixture.store.outbox.forHandoff('h1'))[0]).to.include({ deliveredAt: '2026-11-23T10:00:05.000Z' });
      expect(await fixture.store.outbox.backlog()).to.equal(0);
    });
  });

  describe('agent accounts, tokens and presence', () => {
    let now: Date;
    const directory = (on = fixture.store) =>
      new AgentDirectory(on.agentAccounts, { clock: () => now, bcryptRounds: 4, tokenTtlMinutes: 60, presenceTimeoutMinutes: 10, instanceId: 'i1' });
    beforeEach(() => (now = new Date('2026-11-23T10:00:00Z')));

    it('creates accounts with unique usernames whatever their case, and logs in with the password', async () => {
      const agents = directory();
      const sanne = await agents.create({ username: 'Sanne', name: 'Sanne de Vries', role: 'agent', password: 'sanne-password' });
      let duplicate: unknown;
      await agents.create({ username: 'sanne', name: 'Other', role: 'agent', password: 'whatever-else' }).catch((e) => (duplicate = e));
      expect(duplicate).to.be.instanceOf(DuplicateUsernameError);
      expect(await agents.login('SANNE', 'wrong-password')).to.equal(undefined);
      const session = (await agents.login('sanne', 'sanne-password'))!;
      expect(session.agent).to.include({ id: sanne.id, role: 'agent' });
      expect(await agents.authenticate(session.token)).to.include({ id: sanne.id });
      expect(await agents.count()).to.equal(1);
    });

    it('accepts a token on every instance until it expires or the agent logs out', async () => {
      const agents = directory();
      await agents.create({ username: 'lisa', name: 'Lisa', role: 'supervisor', password: 'lisa-password' });
      const { token } = (await agents.login('lisa', 'lisa-password'))!;
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        expect((await directory(other.store).authenticate(token))?.username).to.equal('lisa');
        now = new Date(now.getTime() + 61 * 60_000);
        expect(await directory(other.store).authenticate(token)).to.equal(undefined);
        expect((await agents.removeExpired()).tokens).to.equal(1);
      } finally {
        await other.close();
      }
      now = new Date('2026-11-23T10:00:00Z');
      const second = (await agents.login('lisa', 'lisa-password'))!;
      await agents.logout(second.token);
      expect(await agents.authenticate(second.token)).to.equal(undefined);
    });

    it('keeps an agent online while any of their consoles is open, on any instance', async () => {
      const agents = directory();
      const agent = await agents.create({ username: 'ali', name: 'Ali', role: 'agent', password: 'ali-password' });
      const first = await agents.streamOpened(agent);
      const second = await directory().streamOpened(agent);
      expect(await agents.onlineCount()).to.equal(1);
      expect(await agents.streamClosed(agent.id, first), 'another console is still open').to.equal(false);
      expect(await agents.onlineCount()).to.equal(1);
      expect(await agents.streamClosed(agent.id, second)).to.equal(true);
      expect(await agents.onlineCount()).to.equal(0);
    });

    it('does not count a console whose instance died (no heartbeat) as open', async () => {
      const agents = directory();
      const agent = await agents.create({ username: 'bo', name: 'Bo', role: 'agent', password: 'bo-password' });
      await agents.streamOpened(agent); // its instance is killed: never closed
      now = new Date(now.getTime() + 5 * 60_000);
      const live = await agents.streamOpened(agent);
      expect(await agents.streamClosed(agent.id, live)).to.equal(true);
      expect((await agents.removeExpired()).streams).to.equal(1);
    });

    it('counts agents online only within the presence timeout, and not when away', async () => {
      const agents = directory();
      const agent = await agents.create({ username: 'jo', name: 'Jo', role: 'agent', password: 'jo-password' });
      await agents.setStatus(agent.id, 'online');
      expect(await agents.onlineCount()).to.equal(1);
      now = new Date(now.getTime() + 11 * 60_000);
      expect(await agents.onlineCount()).to.equal(0);
      await agents.touch(agent.id);
      expect(await agents.onlineCount()).to.equal(1);
      await agents.setStatus(agent.id, 'away');
      expect(await agents.onlineCount()).to.equal(0);
    });
  });

  describe('Direct Line conversations', () => {
    const build = (text: string) => (seq: number) => ({ id: `c1|${seq}`, type: 'message', text });

    it('creates a conversation once, on whichever instance asks first', async () => {
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        const created = await Promise.all([fixture.store, other.store].map((s) => s.directLine.createConversation('c1', 'u1', '2026-11-23T10:00:00.000Z')));
        expect(created.filter(Boolean)).to.have.length(1);
        expect(await other.store.directLine.exists('c1')).to.equal(true);
        expect(await fixture.store.directLine.exists('c2')).to.equal(false);
      } finally {
        await other.close();
      }
    });

    it('numbers activities consecutively, also when instances append at once, and reads after a watermark', async () => {
      await fixture.store.directLine.createConversation('c1', 'u1', '2026-11-23T10:00:00.000Z');
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        const appends = [];
        for (let i = 0; i < 10; i++) appends.push((i % 2 ? other.store : fixture.store).directLine.append('c1', build(`m${i}`), '2026-11-23T10:00:00.000Z'));
        const results = await Promise.all(appends);
        expect(results.map((r) => r.logged.watermark).sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      } finally {
        await other.close();
      }
      const after = await fixture.store.directLine.since('c1', 6);
      expect(after.map((a) => a.watermark)).to.deep.equal([7, 8, 9]);
      expect(after[0].activity.id).to.equal('c1|7');
      expect(await fixture.store.directLine.since('c1')).to.have.length(10);
    });

    it('stores an activity with a key it already has once, and gives back the first', async () => {
      await fixture.store.directLine.createConversation('c1', 'u1', '2026-11-23T10:00:00.000Z');
      const first = await fixture.store.directLine.append('c1', build('hallo'), '2026-11-23T10:00:00.000Z', 'client:abc');
      const again = await fixture.store.directLine.append('c1', build('hallo again'), '2026-11-23T10:00:01.000Z', 'client:abc');
      const next = await fixture.store.directLine.append('c1', build('verder'), '2026-11-23T10:00:02.000Z');
      expect(again).to.deep.equal({ logged: first.logged, duplicate: true });
      expect(next.logged.watermark, 'no gap after a duplicate').to.equal(1);
    });

    it('refuses to append to a conversation that does not exist', async () => {
      let error: unknown;
      await fixture.store.directLine.append('nope', build('x'), '2026-11-23T10:00:00.000Z').catch((e) => (error = e));
      expect((error as Error).message).to.include('no Direct Line conversation');
    });
  });

  describe('the rest', () => {
    it('Slack events: the first delivery counts, repeats and retries do not, old ids are forgotten', async () => {
      const at = new Date('2026-11-23T10:00:00Z');
      expect(await fixture.store.slackEvents.firstTime('Ev1', at)).to.equal(true);
      expect(await fixture.store.slackEvents.firstTime('Ev1', at)).to.equal(false);
      expect(await fixture.store.slackEvents.forgetBefore(new Date('2026-11-24T10:00:00Z'))).to.equal(1);
      expect(await fixture.store.slackEvents.firstTime('Ev1', at)).to.equal(true);
    });

    it('settings: the first value written wins, for every instance', async () => {
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        const values = await Promise.all([fixture.store, other.store].map((s, i) => s.settings.getOrCreate('key', () => `value-${i}`)));
        expect(values[0]).to.equal(values[1]);
        expect(await fixture.store.settings.getOrCreate('key', () => 'later')).to.equal(values[0]);
      } finally {
        await other.close();
      }
    });

    it('identities link conversations on other channels, once per conversation', async () => {
      await fixture.store.identities.link('order:100001', { customerId: 'web-1', conversationId: 'web', channelId: 'webchat' });
      await fixture.store.identities.link('order:100001', { customerId: 'slack-1', conversationId: 'slack', channelId: 'slack' });
      await fixture.store.identities.link('email:a@b.nl', { customerId: 'slack-1', conversationId: 'slack', channelId: 'slack' });
      await fixture.store.identities.link('email:a@b.nl', { customerId: 'web-1', conversationId: 'web', channelId: 'webchat' });
      expect(await fixture.store.identities.linkedTo('web')).to.deep.equal([{ conversationId: 'slack', channelId: 'slack', customerId: 'slack-1' }]);
    });

    it('effort scores: one per conversation, the first answer counts', async () => {
      const score = {
        conversationId: 'c1',
        customerId: 'u1',
        channelId: 'webchat',
        language: 'nl' as const,
        score: 6,
        resolvedBy: 'bot' as const,
        createdAt: '2026-11-23T10:00:00.000Z',
      };
      await fixture.store.effortScores.record(score);
      await fixture.store.effortScores.record({ ...score, score: 2 });
      expect(await fixture.store.effortScores.forConversation('c1')).to.deep.equal({ ...score, handoffId: undefined });
    });

    it('canned replies: listed per language by title, changed and deleted; seeded from the pack once, by one of two instances', async () => {
      const replies = new CannedReplies(fixture.store.cannedReplies, () => new Date('2026-12-02T10:00:00.000Z'));
      const other = await otherInstance(fixture.database, fixture.store);
      try {
        const fromPack = { nl: [{ title: 'Groet', text: 'Hallo {{name}}' }], en: [{ title: 'Hello', text: 'Hello {{name}}' }] };
        const seeded = await Promise.all(
          [replies, new CannedReplies(other.store.cannedReplies, () => new Date())].map((r, i) => r.seed([fixture.store, other.store][i].settings, fromPack)),
        );
        expect(seeded.sort()).to.deep.equal([0, 2]);
        expect(await replies.seed(fixture.store.settings, fromPack), 'never again').to.equal(0);
      } finally {
        await other.close();
      }
      const created = await replies.create({ language: 'nl', title: 'Afsluiten', text: 'Fijne dag!' }, 'agent:a1');
      expect((await replies.list('nl')).map((r) => r.title)).to.deep.equal(['Afsluiten', 'Groet']);
      expect((await replies.list()).map((r) => r.language)).to.deep.equal(['en', 'nl', 'nl']);
      const changed = await replies.update(created.id, { language: 'en', title: 'Closing', text: 'Have a nice day!' }, 'agent:a2');
      expect(changed).to.deep.equal({
        id: created.id,
        language: 'en',
        title: 'Closing',
        text: 'Have a nice day!',
        updatedAt: '2026-12-02T10:00:00.000Z',
        updatedBy: 'agent:a2',
      });
      expect(await replies.update('nope', { language: 'en', title: 'x', text: 'y' }, 'agent:a2')).to.equal(undefined);
      expect(await replies.remove(created.id)).to.equal(true);
      expect(await replies.remove(created.id)).to.equal(false);
      expect((await replies.list('en')).map((r) => r.title)).to.deep.equal(['Hello']);
    });

    it('content overlay: adds, refuses a duplicate, removes', async () => {
      const example = { intent: 'delivery.time', language: 'nl' as const, text: 'wanneer komt het', addedBy: 'admin', addedAt: '2026-11-23T10:00:00.000Z' };
      const added = (await fixture.store.overlay.add(example))!;
      expect(added.id).to.be.a('number');
      expect(await fixture.store.overlay.add(example)).to.equal(undefined);
      expect(await fixture.store.overlay.list()).to.deep.equal([added]);
      expect(await fixture.store.overlay.remove(added.id)).to.deep.equal(added);
      expect(await fixture.store.overlay.remove(added.id)).to.equal(undefined);
    });

    it('analytics: masked messages with outcomes, resolution, feedback and effort come back as histories', async () => {
      let at = '2026-11-23T10:00:00.000Z';
      const analytics = new ConversationAnalytics(fixture.store.analytics, directSink(fixture.store.analytics), () => new Date(at));
      const conversation = { conversationId: 'c1', customerId: 'u1', channel: 'webchat', language: 'nl' as const };
      const { write, pending } = analytics.message(conversation, {
        text: 'bestelling 100001 mail jan@example.nl',
        intent: 'none',
        confidence: 0.9,
        outcome: 'input',
      });
      pending.outcome = 'flow';
      pending.intent = 'order.status';
      analytics.record([write]);
      at = '2026-11-23T10:01:00.000Z';
      analytics.record([analytics.feedback('c1', 'nl', 'order.status', true)]);
      // Written in two batches: the second resolution must not replace the first.
      await analytics.histories({ from: new Date(0), to: new Date(0) });
      analytics.record([analytics.botResolved('c1', 'helpful'), analytics.botResolved('c1', 'thanks')]);
      analytics.record([analytics.botResolved('c1', 'goodbye')]);
      await fixture.store.effortScores.record({
        conversationId: 'c1',
        customerId: 'u1',
        channelId: 'webchat',
        language: 'nl',
        score: 3,
        resolvedBy: 'bot',
        createdAt: at,
      });
      analytics.record([analytics.effortComment('c1', 'bel me op 0612345678'), analytics.left('c1')]);
      const [history] = await analytics.histories({ from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') });
      expect(history.messages).to.deep.equal([
        {
          at: '2026-11-23T10:00:00.000Z',
          text: 'bestelling [order] mail [email]',
          language: 'nl',
          intent: 'order.status',
          confidence: 0.9,
          candidate: undefined,
          outcome: 'flow',
        },
      ]);
      expect(history.botResolution).to.deep.equal({ at: '2026-11-23T10:01:00.000Z', trigger: 'helpful' });
      expect(history.feedback).to.deep.equal([{ intent: 'order.status', helpful: true, at: '2026-11-23T10:01:00.000Z' }]);
      expect(history.ces).to.deep.equal({ score: 3, at: '2026-11-23T10:01:00.000Z', resolvedBy: 'bot', comment: 'bel me op [phone]' });
      expect(history.leftAt).to.equal('2026-11-23T10:01:00.000Z');
      expect(await analytics.histories({ from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') })).to.deep.equal([]);
    });

    it('analytics: one batch of 301 messages over three conversations keeps each conversation and its order', async () => {
      const writes: AnalyticsWrite[] = [];
      for (let i = 0; i < 301; i++) {
        const conversation = {
          conversationId: `b${i % 3}`,
          customerId: `u${i % 3}`,
          channel: 'webchat',
          language: i < 150 ? ('nl' as const) : ('en' as const),
        };
        const at = new Date(Date.parse('2026-11-23T10:00:00Z') + i * 1000).toISOString();
        writes.push({ kind: 'message', conversation, message: { at, text: `bericht ${i}`, intent: 'none', confidence: 0.5, outcome: 'fallback' } });
      }
      await fixture.store.analytics.write(writes);
      const histories = await fixture.store.analytics.histories({ from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') });
      expect(histories.map((h) => h.conversationId)).to.deep.equal(['b0', 'b1', 'b2']);
      for (const [c, history] of histories.entries()) {
        const expected = Array.from({ length: 301 }, (_, i) => i).filter((i) => i % 3 === c);
        expect(history.messages.map((m) => m.text)).to.deep.equal(expected.map((i) => `bericht ${i}`));
        expect(history.startedAt).to.equal(new Date(Date.parse('2026-11-23T10:00:00Z') + c * 1000).toISOString());
        expect(history.language, 'the language of its last message').to.equal('en');
      }
    });

    it('sample orders: found by number and postcode (any spacing and case), cancelled once, returns registered', async () => {
      await fixture.store.sampleOrders.seed(samplePack().sampleOrders);
      await fixture.store.sampleOrders.seed(samplePack().sampleOrders);
      expect((await fixture.store.sampleOrders.findOrder('100001', '1234 ab'))?.status).to.equal('shipped');
      expect(await fixture.store.sampleOrders.findOrder('100001', '9999ZZ')).to.equal(null);
      expect((await fixture.store.sampleOrders.cancelOrder('100003')).status).to.equal('cancelled');
      let error: unknown;
      await fixture.store.sampleOrders.cancelOrder('100003').catch((e) => (error = e));
      expect((error as Error).name).to.equal('OrderNotCancellableError');
      await fixture.store.sampleOrders.seed(samplePack().sampleOrders);
      expect((await fixture.store.sampleOrders.findOrder('100003', '1234AB'))?.status, 'a re-seed keeps the cancellation').to.equal('cancelled');
      expect(
        (await fixture.store.sampleOrders.registerReturn({ orderNumber: '100002', sku: 'x', reason: 'too small', conversationId: 'c1' })).returnId,
      ).to.match(/^R-100002-/);
    });
  });
});
