import { expect } from 'chai';
import { maskAtRest } from '../../privacy/restMasking';
import { describeEachStore, useFreshStore } from '../helpers/testDatabases';

const message = (conversationId: string, text: string, timestamp: string) => ({
  type: 'message',
  id: `${conversationId}-${timestamp}`,
  channelId: 'test',
  conversation: { id: conversationId },
  from: { id: `user-${conversationId}` },
  text,
  timestamp,
});

describeEachStore('retention and masking at rest', (kind) => {
  const fixture = useFreshStore(kind);

  it('deletes conversations silent for longer than the retention, and keeps the recent ones', async () => {
    await fixture.store.transcripts.append('in', message('old', 'oude vraag', '2026-06-01T10:00:00.000Z'));
    await fixture.store.transcripts.append('in', message('recent', 'nieuwe vraag', '2026-11-30T10:00:00.000Z'));
    expect(await fixture.store.customerData.removeConversationsBefore('2026-09-01T00:00:00.000Z')).to.equal(1);
    expect(await fixture.store.transcripts.list('old')).to.have.length(0);
    expect(await fixture.store.transcripts.list('recent')).to.have.length(1);
  });

  it('masks emails, phone numbers and IBANs in ended conversations only, once', async () => {
    const text = 'mail jan@example.nl of bel 06-12345678, iban NL91ABNA0417164300, bestelling 100001';
    await fixture.store.transcripts.append('in', message('ended', text, '2026-11-01T10:00:00.000Z'));
    await fixture.store.transcripts.append('in', message('ongoing', text, '2026-12-02T09:59:00.000Z'));
    expect(await fixture.store.customerData.maskEndedConversations('2026-12-01T10:00:00.000Z', maskAtRest)).to.equal(1);
    const [ended] = await fixture.store.transcripts.list('ended');
    expect(ended.text).to.equal('mail [email] of bel [phone], iban [iban], bestelling 100001');
    expect(JSON.stringify(ended.activity)).not.to.include('jan@example.nl');
    expect((await fixture.store.transcripts.list('ongoing'))[0].text).to.equal(text);
    expect(await fixture.store.customerData.maskEndedConversations('2026-12-01T10:00:00.000Z', maskAtRest), 'already masked').to.equal(0);
  });
});
