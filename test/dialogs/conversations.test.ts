import { expect } from 'chai';
import { ActivityTypes } from 'botbuilder';
import { ParseResult } from '../../nlu/nluEngine';
import { ContentRecognizer } from '../../dialogs/supportRecognizer';
import { botHarness, buttonsOf, FakeHandoffGateway } from '../helpers/botHarness';
import { samplePack, sampleEngine } from '../helpers/fixtures';
import { Handoff } from '../../handoff/types';

/** One customer turn: what they type, and what the bot's replies (joined) must contain. */
interface Turn {
  readonly user: string;
  readonly expect: (string | RegExp)[];
  readonly absent?: (string | RegExp)[];
  /** Buttons the last reply must offer. */
  readonly buttons?: string[];
}

interface Script {
  readonly name: string;
  readonly turns: Turn[];
}

const SCRIPTS: Script[] = [
  {
    name: 'Dutch FAQ with follow-up suggestions',
    turns: [{ user: 'wat zijn de verzendkosten', expect: ['€ 4,95', 'gratis vanaf € 50'], buttons: ['Hoe snel wordt het bezorgd?', 'Kortingscode'] }],
  },
  {
    name: 'English FAQ in English',
    turns: [
      { user: 'what are your opening hours', expect: ['Monday to Friday from 09:00 to 17:30', 'Saturday from 10:00 to 16:00'], buttons: ['Contact options'] },
    ],
  },
  {
    name: 'a follow-up button leads to its answer',
    turns: [
      { user: 'hoe lang heb ik om te retourneren', expect: ['30 dagen'], buttons: ['Retour aanmelden', 'Wanneer krijg ik mijn geld terug?'] },
      { user: 'Wanneer krijg ik mijn geld terug?', expect: ['binnen 5 werkdagen terug'] },
    ],
  },
  {
    name: 'the language follows the customer when they switch: after two longer messages, never on one short word',
    turns: [
      { user: 'hoe kan ik betalen', expect: ['iDEAL', 'achteraf met Klarna'] },
      { user: 'ok', expect: [] },
      { user: 'agent', expect: ['collega'] },
      { user: 'stop', expect: [] },
      { user: 'can I pay with PayPal as well?', expect: ['Je betaalt bij ons met iDEAL'] },
      { user: 'and how long does delivery take?', expect: ['working day'] },
      { user: 'can I pay with PayPal as well?', expect: ['You can pay with iDEAL'] },
    ],
  },
  {
    name: 'out of scope says what the bot can do; a second miss offers a person',
    turns: [
      {
        user: 'wat voor weer wordt het morgen in Utrecht',
        expect: ['Daar kan ik je helaas niet mee helpen', 'bestellingen, bezorging, retouren'],
        buttons: ['Waar is mijn bestelling?'],
      },
      { user: 'wie wint de Tour de France', expect: ['Het lukt me niet goed', 'Zal ik je doorverbinden met een collega?'], buttons: ['Ja', 'Nee'] },
      { user: 'nee', expect: ['dan help ik je zelf verder'] },
      { user: 'wat is de hoofdstad van Peru', expect: ['Daar kan ik je helaas niet mee helpen'], absent: ['doorverbinden'] },
    ],
  },
  {
    name: 'order status: validates the order number and postcode, then answers from the backend',
    turns: [
      { user: 'waar is mijn bestelling', expect: ['Wat is je ordernummer?'] },
      { user: '12345', expect: ['Dat lijkt geen ordernummer'] },
      { user: '100001', expect: ['Wat is de postcode'] },
      { user: '12AB', expect: ['geen geldige Nederlandse postcode'] },
      { user: '1234 ab', expect: ['onderweg met PostNL', '3SHUIS1000011', 'Verwachte bezorging'], buttons: ['Adres wijzigen'] },
    ],
  },
  {
    name: 'order status in English with everything in the first message',
    turns: [{ user: 'where is my order 100002, postcode 1234AB?', expect: ['was delivered by DHL'], buttons: ['Start a return'] }],
  },
  {
    name: 'a wrong postcode is not accepted, and the customer can try again',
    turns: [
      { user: 'status van bestelling 100001', expect: ['Wat is de postcode'] },
      { user: '9999ZZ', expect: ['Ik kan geen bestelling 100001 vinden met die postcode', 'Wat is je ordernummer?'] },
      { user: '100001', expect: ['Wat is de postcode'] },
      { user: '1234AB', expect: ['onderweg met PostNL'] },
    ],
  },
  {
    name: 'an order number given earlier is reused by the next flow',
    turns: [
      { user: 'waar is bestelling 100002', expect: ['Wat is de postcode'] },
      { user: '1234AB', expect: ['bezorgd door DHL'] },
      {
        user: 'ik wil iets retourneren',
        expect: ['Ik kijk naar bestelling 100002, die je eerder noemde', 'Welk artikel wil je retourneren?'],
        absent: ['Wat is je ordernummer', 'postcode'],
      },
      { user: 'de stoel', expect: ['Wat is de reden van je retour?'], buttons: ['Past niet', 'Beschadigd'] },
      { user: 'Past niet', expect: ['Je retour is aangemeld onder nummer R-100002-', 'Eetkamerstoel Nora, zwart', 'PostNL-retourlabel'] },
    ],
  },
  {
    name: 'cancel: confirms first, keeps the order on no, cancels on yes',
    turns: [
      { user: 'ik wil bestelling 100003 annuleren', expect: ['Wat is de postcode'] },
      { user: '1234AB', expect: ['Weet je zeker dat je bestelling 100003', 'Dressoir Oak 120 cm'], buttons: ['Ja', 'Nee'] },
      { user: 'nee', expect: ['bestelling 100003 blijft gewoon staan'] },
      { user: 'annuleer bestelling 100003', expect: ['Weet je zeker'] },
      { user: 'ja', expect: ['Bestelling 100003 is geannuleerd'] },
      { user: 'kan ik 100003 annuleren', expect: ['kan niet meer'] },
    ],
  },
  {
    name: 'cancel is refused for a shipped order, with the alternatives',
    turns: [
      {
        user: 'please cancel order 100001, postcode 1234AB',
        expect: ['already shipped with PostNL', 'refuse the parcel'],
        buttons: ['Talk to a person', 'Return policy'],
      },
    ],
  },
  {
    name: 'a return for an order already returned points to the refund',
    turns: [
      { user: 'I want to return order 100004 1234AB', expect: ['A return has already been processed for order 100004'], buttons: ['When do I get my refund?'] },
    ],
  },
  {
    name: 'help inside a flow answers and asks the question again',
    turns: [
      { user: 'where is my order', expect: ['What is your order number?'] },
      { user: 'help', expect: ['I can help with', 'What is your order number?'] },
      { user: '100001', expect: ['What is the postcode'] },
    ],
  },
  {
    name: 'stop ends a flow; stop outside a flow says there is nothing to stop',
    turns: [
      { user: 'waar is mijn bestelling', expect: ['Wat is je ordernummer?'] },
      { user: 'stop', expect: ['Oké, ik ben gestopt'] },
      { user: 'stop', expect: ['Er loopt op dit moment niets'] },
    ],
  },
  {
    name: 'asking for a person inside a flow ends the flow and asks only for what the agent needs',
    turns: [
      { user: 'ik wil iets terugsturen', expect: ['Wat is je ordernummer?'] },
      { user: 'ik wil een medewerker spreken', expect: ['Om welk ordernummer gaat het?'] },
      { user: '100002', expect: ['nummer 2 in de wachtrij', 'ongeveer 7 minuten', 'hoeft niets te herhalen'] },
      { user: 'wat zijn de verzendkosten', expect: ['€ 4,95'] },
    ],
  },
  {
    name: 'restart clears the conversation and welcomes again',
    turns: [
      { user: 'status of order 100001', expect: ['What is the postcode'] },
      { user: 'start over', expect: ["Fine, let's start over", 'Hello!'] },
      { user: 'where is my order', expect: ['What is your order number?'], absent: ['mentioned earlier'] },
    ],
  },
  {
    name: 'a bare order number after a flow picks that order up',
    turns: [
      { user: 'where is my order', expect: ['What is your order number?'] },
      { user: 'stop', expect: ["OK, I've stopped"] },
      { user: '100003', expect: ['What is the postcode'] },
      { user: '1234AB', expect: ['being processed'], buttons: ['Cancel my order'] },
    ],
  },
];

describe('conversations with the support bot (TestAdapter, table-driven)', () => {
  for (const script of SCRIPTS) {
    it(script.name, async () => {
      const bot = botHarness();
      for (const turn of script.turns) {
        const replies = await bot.say(turn.user);
        const text = replies.map((r) => r.text ?? '').join('\n');
        const context = `after "${turn.user}" the bot said:\n${text}`;
        for (const expected of turn.expect) {
          if (typeof expected === 'string') expect(text, context).to.include(expected);
          else expect(text, context).to.match(expected);
        }
        for (const unexpected of turn.absent ?? []) {
          if (typeof unexpected === 'string') expect(text, context).not.to.include(unexpected);
          else expect(text, context).not.to.match(unexpected);
        }
        if (turn.buttons) expect(replies.flatMap(buttonsOf), context).to.include.members(turn.buttons);
      }
    });
  }
});

describe('handing over to a person (dialogs with a fake handoff gateway)', () => {
  const texts = (replies: { text?: string }[]) => replies.map((r) => r.text ?? '').join('\n');

  it('queues straight away when the customer asks, telling position and wait', async () => {
    const handoffs = new FakeHandoffGateway();
    const bot = botHarness({ handoffs });
    expect(texts(await bot.say('mag ik een medewerker spreken?')))
      .to.include('Je bent nummer 2 in de wachtrij')
      .and.include('ongeveer 7 minuten');
    expect(handoffs.queued[0]).to.deep.include({ reason: 'customer_request', priority: 0, language: 'nl' });
  });

  it('does not ask for an order number the customer already gave', async () => {
    const handoffs = new FakeHandoffGateway();
    const bot = botHarness({ handoffs });
    await bot.say('where is order 100001');
    await bot.say('stop');
    expect(texts(await bot.say('I want to talk to a human')))
      .to.include("You're number 2 in the queue")
      .and.not.include('Which order number');
    expect(handoffs.queued[0].facts).to.include({ order_number: '100001' });
  });

  it('queues after two misses when the customer accepts the offer', async () => {
    const handoffs = new FakeHandoffGateway();
    const bot = botHarness({ handoffs });
    await bot.say('who will win the world cup');
    expect(texts(await bot.say('what is the capital of peru'))).to.include('Shall I put you through to a colleague?');
    expect(texts(await bot.say('yes'))).to.include("You're number 2 in the queue");
    expect(handoffs.queued[0].reason).to.equal('bot_failed');
  });

  it("turns a complaint into a priority handoff with the customer's own words", async () => {
    const handoffs = new FakeHandoffGateway();
    const bot = botHarness({ handoffs });
    expect(texts(await bot.say('ik wil een klacht indienen')))
      .to.include('Wat vervelend')
      .and.include('Vertel in een paar zinnen');
    await bot.say('De bezorger heeft mijn pakket over het hek gegooid en het is kapot');
    expect(handoffs.queued[0]).to.deep.include({
      reason: 'complaint',
      priority: 1,
      detail: 'De bezorger heeft mijn pakket over het hek gegooid en het is kapot',
    });
  });

  it('offers a ticket outside business hours, asks the email address, and confirms the reference', async () => {
    const handoffs = new FakeHandoffGateway();
    handoffs.available = 'closed';
    const bot = botHarness({ handoffs });
    expect(texts(await bot.say('medewerker')))
      .to.include('de klantenservice is weer open op maandag 30 november')
      .and.include('Zal ik een ticket aanmaken');
    expect(texts(await bot.say('ja'))).to.include('Wil je het antwoord ook per e-mail');
    expect(texts(await bot.say('niet geldig'))).to.include('Dat lijkt geen e-mailadres');
    expect(texts(await bot.say('jan@example.nl')))
      .to.include('ticket BAL-TEST1')
      .and.include('jan@example.nl');
    expect(handoffs.tickets[0].facts).to.include({ email: 'jan@example.nl' });
    expect(handoffs.queued).to.have.length(0);
  });

  it('files a ticket without an email address when the customer says no, promising the due time the ticket carries', async () => {
    const handoffs = new FakeHandoffGateway();
    handoffs.available = 'no_agents';
    const bot = botHarness({ handoffs });
    await bot.say('I want to talk to a person');
    const offer = texts(await bot.say('yes'));
    expect(offer).to.include('answer by email as well');
    const confirmation = texts(await bot.say('no'));
    // FakeHandoffGateway's ticket is due 2026-12-01T11:00Z: Tuesday 12:00 in Amsterdam.
    expect(confirmation).to.include('ticket BAL-TEST1').and.include('by Tuesday 1 December at 12:00').and.not.include('by email at');
    expect(handoffs.tickets[0].facts.email).to.equal(undefined);
  });

  it('shows a returning customer the answer to their ticket before the welcome; their reply goes to the ticket', async () => {
    const handoffs = new FakeHandoffGateway();
    const ticket = { id: 't1', reference: 'BAL-ANSW1', language: 'nl', state: 'answered' } as Handoff;
    const message = { id: 'm1', handoffId: 't1', author: 'agent' as const, agentId: 'anna', text: 'Je pakket komt morgen.', createdAt: '2026-12-01T09:00:00Z' };
    handoffs.waitingAnswers = [{ handoff: ticket, message, agentName: 'Anna' }];
    const bot = botHarness({ handoffs, locale: 'en-US' });
    const joined = { type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user1', name: 'User' }], recipient: { id: 'bot', name: 'Bot' } };
    const shown = await bot.say(joined);
    expect(shown.map((a) => a.text)).to.deep.equal(['Antwoord van Anna op je ticket BAL-ANSW1:', 'Je pakket komt morgen.', shown[2].text, shown[3].text]);
    expect(shown[1].channelData).to.deep.include({ balie: { agentId: 'anna', agentName: 'Anna', messageId: 'm1' } });
    expect(shown[2].text).to.include('Wil je reageren?');
    expect(shown[3].text).to.include('digitale assistent'); // the welcome comes after, in the ticket's language
    expect(buttonsOf(shown[3])[0]).to.equal('Opgelost, bedankt');
    expect(texts(await bot.say('Morgen ben ik niet thuis, kan het overmorgen?'))).to.include('ik heb je reactie bij ticket BAL-ANSW1 gezet');
    expect(handoffs.ticketReplies).to.deep.equal([{ handoffId: 't1', text: 'Morgen ben ik niet thuis, kan het overmorgen?' }]);
    // The next message is an ordinary one again.
    expect(texts(await bot.say('hoe lang duurt verzenden?'))).to.not.include('reactie bij ticket');
  });

  it('closes the answered ticket when the customer says it is solved, and asks how easy it was', async () => {
    const handoffs = new FakeHandoffGateway();
    const ticket = { id: 't2', reference: 'BAL-ANSW2', language: 'en', state: 'answered' } as Handoff;
    const message = { id: 'm2', handoffId: 't2', author: 'agent' as const, agentId: 'anna', text: 'Refunded today.', createdAt: '2026-12-01T09:00:00Z' };
    handoffs.waitingAnswers = [{ handoff: ticket, message, agentName: 'Anna' }];
    const bot = botHarness({ handoffs });
    await bot.say({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user1', name: 'User' }], recipient: { id: 'bot', name: 'Bot' } });
    const replies = texts(await bot.say('Solved, thanks'));
    expect(replies).to.include("I've closed ticket BAL-ANSW2").and.include('How easy was it');
    expect(handoffs.closedTickets).to.deep.equal(['t2']);
    expect(handoffs.ticketReplies).to.deep.equal([]);
  });

  it('gives the contact options when the customer declines a ticket', async () => {
    const handoffs = new FakeHandoffGateway();
    handoffs.available = 'no_agents';
    const bot = botHarness({ handoffs });
    expect(texts(await bot.say('agent please'))).to.include('no colleague is available right now');
    expect(texts(await bot.say('no')))
      .to.include('OK, no ticket')
      .and.include('+31 20 123 4567');
    expect(handoffs.tickets).to.have.length(0);
  });

  it('lets a queued customer ask the bot questions, hear their place again, and leave the queue', async () => {
    const handoffs = new FakeHandoffGateway();
    const bot = botHarness({ handoffs });
    await bot.say('human please');
    expect(texts(await bot.say('what are the shipping costs'))).to.include('€ 4.95');
    expect(texts(await bot.say('agent')))
      .to.include("You're already in the queue")
      .and.include('number 2');
    expect(handoffs.queued).to.have.length(1);
    expect(texts(await bot.say('stop'))).to.include("You've left the queue");
    expect(texts(await bot.say('stop'))).to.include("There's nothing running");
  });

  it('offers a person, with priority, to a customer getting frustrated', async () => {
    const handoffs = new FakeHandoffGateway();
    const bot = botHarness({ handoffs });
    await bot.say('hoe lang duurt de levering');
    const replies = texts(await bot.say('IK VROEG HOE LANG DE LEVERING DUURT!!!'));
    expect(replies).to.include('de volgende dag').and.include('Het spijt me dat het zo moeizaam gaat');
    await bot.say('ja');
    expect(handoffs.queued[0]).to.deep.include({ reason: 'frustration', priority: 1 });
  });

  it('hands over a flow that needs a person, saying why', async () => {
    const handoffs = new FakeHandoffGateway();
    const bot = botHarness({ handoffs });
    await bot.say('cancel order 100001, postcode 1234AB');
    expect(texts(await bot.say('Talk to a person')))
      .to.include("You're number 2 in the queue")
      .and.not.include('Which order number');
    expect(handoffs.queued[0]).to.deep.include({ reason: 'needs_human', detail: 'wants to cancel order 100001, which has already shipped with PostNL' });
  });

  it('stays silent while an agent owns the conversation', async () => {
    const bot = botHarness({ owner: () => 'agent' });
    expect(await bot.say('hallo, ben je daar?')).to.have.length(0);
  });
});

describe('support bot behaviour beyond the scripts', () => {
  it('welcomes a new customer once, in the channel locale', async () => {
    const bot = botHarness({ locale: 'en-US' });
    const joined = { type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user1', name: 'User' }], recipient: { id: 'bot', name: 'Bot' } };
    const replies = await bot.say(joined);
    expect(replies).to.have.length(1);
    expect(replies[0].text).to.include("I'm the digital assistant of Huisje & Co");
    expect(buttonsOf(replies[0])).to.deep.equal(['Where is my order?', 'Start a return', 'How fast is delivery?']);
    expect(await bot.say(joined)).to.have.length(0);
  });

  it('welcomes in Dutch by default', async () => {
    const replies = await botHarness().say({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user1', name: 'User' }],
      recipient: { id: 'bot', name: 'Bot' },
    });
    expect(replies[0].text).to.include('Ik ben de digitale assistent');
  });

  it('starts a later conversation of the same customer in the language they used last time', async () => {
    const bot = botHarness();
    await bot.say({ type: ActivityTypes.Message, text: 'where is my parcel', conversation: { id: 'first' } as never });
    const replies = await bot.say({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user1', name: 'User' }],
      recipient: { id: 'bot', name: 'Bot' },
      conversation: { id: 'second' } as never,
    });
    expect(replies[0].text).to.include("I'm the digital assistant");
  });

  it('does not welcome the bot itself joining', async () => {
    expect(
      await botHarness().say({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'bot', name: 'Bot' }], recipient: { id: 'bot', name: 'Bot' } }),
    ).to.have.length(0);
  });

  it('asks which one was meant when two intents are close, and handles "something else"', async () => {
    const real = new ContentRecognizer(sampleEngine(), samplePack());
    const ambiguous: ParseResult = {
      ...real.recognize('kosten', 'nl'),
      language: 'nl',
      intent: { name: 'delivery.costs', confidence: 0.46 },
      alternatives: [{ name: 'payment.methods', confidence: 0.41 }],
    };
    const bot = botHarness({ recognizer: { recognize: (text, lang) => (text === 'wat kost dat' ? ambiguous : real.recognize(text, lang)) } });
    let replies = await bot.say('wat kost dat');
    expect(replies[0].text).to.include('gaat je vraag hierover');
    expect(buttonsOf(replies[0])).to.deep.equal(['Wat zijn de verzendkosten?', 'Hoe kan ik betalen?', 'Iets anders']);
    replies = await bot.say('Hoe kan ik betalen?');
    expect(replies[0].text).to.include('iDEAL');
    await bot.say('wat kost dat');
    replies = await bot.say('Iets anders');
    expect(replies[0].text).to.include('op een andere manier');
  });

  it('refuses a return after the return window', async () => {
    const later = () => new Date(Date.now() + 60 * 24 * 3600 * 1000);
    const bot = botHarness({ now: later });
    const replies = await bot.say('ik wil bestelling 100002 retourneren, postcode 1234AB');
    expect(replies.map((r) => r.text).join('\n')).to.include('de retourtermijn is voorbij');
  });

  it('says it reads text only when a message has no text', async () => {
    const replies = await botHarness().say({ type: ActivityTypes.Message, attachments: [{ contentType: 'image/png', contentUrl: 'http://localhost/x.png' }] });
    expect(replies[0].text).to.include('alleen tekstberichten');
  });

  it('really cancels the order in the order backend', async () => {
    const bot = botHarness();
    await bot.say('cancel order 100003 1234AB');
    await bot.say('yes');
    expect((await bot.orders.findOrder('100003', '1234AB'))?.status).to.equal('cancelled');
  });
});

describe('effort survey and answer feedback (dialogs with a fake recorder)', () => {
  const texts = (replies: { text?: string }[]) => replies.map((r) => r.text ?? '').join('\n');

  it('records what the bot did with each message', async () => {
    const bot = botHarness();
    await bot.say('hallo');
    await bot.say('wat zijn de verzendkosten');
    await bot.say('wat vinden jullie van de nieuwe paus');
    await bot.say('waar is mijn bestelling');
    await bot.say('100001');
    expect(bot.feedback.messages.map((m) => m.outcome)).to.deep.equal(['smalltalk', 'answered', 'fallback', 'flow', 'input']);
    expect(bot.feedback.messages.slice(0, 4).map((m) => m.intent)).to.deep.equal(['greeting', 'delivery.costs', 'none', 'order.status']);
  });

  it('a low score asks one optional follow-up; skipping stores no comment', async () => {
    const bot = botHarness();
    await bot.say('wat zijn de verzendkosten');
    expect(texts(await bot.say('👍'))).to.include('Hoe makkelijk');
    const low = await bot.say('1');
    expect(texts(low)).to.include('Wat had makkelijker gekund?');
    expect(buttonsOf(low[0])).to.deep.equal(['Overslaan']);
    await bot.say('Overslaan');
    expect(bot.feedback.scores).to.deep.equal([{ score: 1, resolvedBy: 'bot' }]);
    expect(bot.feedback.comments).to.deep.equal([]);
    expect(bot.feedback.resolutions).to.deep.equal(['helpful']);
  });

  it('takes a score said in words, and asks once more after an answer without one', async () => {
    const bot = botHarness();
    await bot.say('wat zijn de verzendkosten');
    expect(texts(await bot.say('👍'))).to.include('Hoe makkelijk');
    const reask = await bot.say('prima hoor');
    expect(texts(reask)).to.include('Met een cijfer van 1');
    expect(buttonsOf(reask.at(-1)!)).to.deep.equal(['1 · heel moeilijk', '2', '3', '4', '5', '6', '7 · heel makkelijk']);
    expect(texts(await bot.say('heel makkelijk'))).to.include('Dank je wel voor je beoordeling');
    expect(bot.feedback.scores).to.deep.equal([{ score: 7, resolvedBy: 'bot' }]);
  });

  it('lets a real question after the effort question go to the bot, and gives up after one re-ask', async () => {
    const bot = botHarness();
    await bot.say('what are the delivery costs?');
    await bot.say('thanks!');
    expect(texts(await bot.say('how long does delivery take?'))).to.include('working day');
    const other = botHarness();
    await other.say('what are the delivery costs?');
    await other.say('thanks!');
    expect(texts(await other.say('ok'))).to.include('With a number from 1');
    expect(texts(await other.say('fine'))).not.to.include('With a number from 1');
    expect(other.feedback.scores).to.deep.equal([]);
  });

  it('asks once per conversation, also after "start over"', async () => {
    const bot = botHarness();
    await bot.say('what are the delivery costs?');
    expect(texts(await bot.say('thanks!'))).to.include('How easy');
    await bot.say('start over');
    await bot.say('what payment methods do you accept?');
    expect(texts(await bot.say('👍')))
      .to.include('Glad I could help')
      .and.not.include('How easy');
    expect(bot.feedback.resolutions).to.deep.equal(['thanks', 'helpful']);
  });

  it('thanks without an answer first is small talk, not a resolution', async () => {
    const bot = botHarness();
    const replies = await bot.say('bedankt');
    expect(texts(replies)).not.to.include('Hoe makkelijk');
    expect(bot.feedback.resolutions).to.deep.equal([]);
  });

  it('never asks a customer who left', async () => {
    const bot = botHarness();
    await bot.say('wat zijn de verzendkosten');
    await bot.say({ type: ActivityTypes.EndOfConversation });
    expect(bot.feedback.leftCount).to.equal(1);
    expect(texts(await bot.say('bedankt'))).not.to.include('Hoe makkelijk');
  });
});

describe('answers that used to be wrong (issue 18)', () => {
  const texts = (replies: { text?: string }[]) => replies.map((r) => r.text ?? '').join('\n');

  it('tells a customer who received the wrong item how to get the right one, not how to report damage', async () => {
    for (const [message, expected] of [
      ['I received the wrong item', 'send the right item free of charge'],
      ['ik heb het verkeerde artikel gekregen', 'juiste artikel kosteloos'],
    ]) {
      const reply = texts(await botHarness().say(message));
      expect(reply, message).to.include(expected);
      expect(reply, message).not.to.match(/damaged|beschadigd/);
    }
  });

  it('answers "ok" as the very first message with an invitation to ask, not "you\'re welcome"', async () => {
    for (const [locale, expected] of [
      ['nl-NL', 'Waarmee kan ik je helpen?'],
      ['en-US', 'What can I help you with?'],
    ]) {
      const bot = botHarness({ locale });
      const reply = await bot.say('ok');
      expect(texts(reply))
        .to.include(expected)
        .and.not.match(/Graag gedaan|You're welcome/);
      expect(buttonsOf(reply[0]).length, 'with the most asked questions').to.be.greaterThan(0);
    }
  });

  it('gives the phone number and opening hours to "can I call someone?" at night, instead of a ticket', async () => {
    for (const [message, expected] of [
      ['Kan ik iemand bellen?', '020 123 4567'],
      ['Can I call someone?', '+31 20 123 4567'],
    ]) {
      const handoffs = new FakeHandoffGateway();
      handoffs.available = 'closed';
      const reply = texts(await botHarness({ handoffs }).say(message));
      expect(reply, message)
        .to.include(expected)
        .and.match(/09:00–17:30/);
      expect(reply, message).not.to.match(/ticket/);
      expect(handoffs.tickets).to.have.length(0);
    }
  });

  it('reports a cancelled order as cancelled when asked about it afterwards', async () => {
    const bot = botHarness();
    await bot.say('ik wil bestelling 100003 annuleren');
    await bot.say('1234AB');
    expect(texts(await bot.say('ja'))).to.include('is geannuleerd');
    const status = texts(await bot.say('wat is de status van bestelling 100003?'));
    expect(status)
      .to.include('is geannuleerd')
      .and.not.match(/bezorgd|onderweg/);
  });
});

describe('questions in the middle of a flow, and while waiting (issue 18, item 1)', () => {
  const texts = (replies: { text?: string }[]) => replies.map((r) => r.text ?? '').join('\n');

  it('answers a question asked inside a flow, then asks the flow’s question again, and the flow goes on (nl)', async () => {
    const bot = botHarness();
    expect(texts(await bot.say('ik wil iets retourneren'))).to.include('Wat is je ordernummer?');
    const digression = await bot.say('hoe lang duurt verzenden eigenlijk?');
    expect(texts(digression)).to.include('volgende dag').and.include('Dan weer verder met ‘Retour aanmelden’');
    expect(digression.at(-1)!.text).to.include('Wat is je ordernummer?');
    expect(texts(await bot.say('100002'))).to.include('postcode');
    expect(texts(await bot.say('1234AB'))).to.include('Welk artikel wil je retourneren?');
  });

  it('does the same in English, and takes an answer to the flow’s question as an answer, not a question', async () => {
    const bot = botHarness({ locale: 'en-US' });
    await bot.say('I want to return something');
    const digression = texts(await bot.say('how much does shipping cost?'));
    expect(digression).to.include('€ 4.95').and.include('Back to ‘Start a return’').and.include('What is your order number?');
    expect(texts(await bot.say('100002'))).to.include('postcode');
    const reason = texts(await bot.say('1234AB'));
    expect(reason).to.include('Which item');
  });

  it('tells a waiting customer who asks how long it takes where they are in the queue, in both languages', async () => {
    for (const [locale, start, question, expected] of [
      ['nl-NL', 'ik wil een medewerker spreken', 'duurt het nog lang?', 'je bent nummer 2, nog ongeveer 7 minuten'],
      ['en-US', 'I want to talk to a person', 'how long will it take?', "you're number 2, about 7 minutes to go"],
    ]) {
      const bot = botHarness({ locale });
      await bot.say(start);
      const reply = texts(await bot.say(question));
      expect(reply, question).to.include(expected);
      expect(reply, question).not.to.match(/Bedoel je|Just to be sure/);
    }
  });
});

describe('another flow asked for inside a flow (issue 18, item 1)', () => {
  const texts = (replies: { text?: string }[]) => replies.map((r) => r.text ?? '').join('\n');

  it('asks first whether to leave the current flow: yes starts the other one (nl)', async () => {
    const bot = botHarness();
    await bot.say('ik wil iets retourneren');
    const asked = await bot.say('waar is mijn bestelling eigenlijk?');
    expect(texts(asked)).to.include('We zijn nog bezig met ‘Retour aanmelden’').and.include('‘Waar is mijn bestelling?’');
    expect(buttonsOf(asked.at(-1)!)).to.deep.equal(['Ja', 'Nee']);
    expect(texts(await bot.say('ja'))).to.include('Wat is je ordernummer?');
    expect(texts(await bot.say('100001'))).to.include('postcode');
    expect(texts(await bot.say('1234AB'))).to.include('PostNL');
  });

  it('goes on with the current flow on a no, asking its question again (en)', async () => {
    const bot = botHarness({ locale: 'en-US' });
    await bot.say('I want to cancel my order');
    expect(texts(await bot.say('where is my order?'))).to.include("We're still on");
    expect(texts(await bot.say('no'))).to.include('What is your order number?');
    expect(texts(await bot.say('100003'))).to.include('postcode');
  });
});

describe('free text where the bot offered options (issue 18, item 3)', () => {
  const texts = (replies: { text?: string }[]) => replies.map((r) => r.text ?? '').join('\n');
  const toItemQuestion = async (bot: ReturnType<typeof botHarness>, start: string) => {
    await bot.say(start);
    await bot.say('100002');
    return texts(await bot.say('1234AB'));
  };

  it('takes a reason in the customer’s own words by its meaning ("het past niet echt" → Past niet)', async () => {
    const bot = botHarness();
    expect(await toItemQuestion(bot, 'ik wil iets retourneren')).to.include('Welk artikel');
    expect(texts(await bot.say('de stoel'))).to.include('Wat is de reden');
    expect(texts(await bot.say('het past niet echt'))).to.include('reden: Past niet');
  });

  it('asks again with the options spelled out when an answer matches none, twice, then offers a colleague (nl)', async () => {
    const bot = botHarness();
    await toItemQuestion(bot, 'ik wil iets retourneren');
    const hint = texts(await bot.say('die lamp'));
    expect(hint).to.include('Dat herkende ik niet').and.include('‘Eetkamerstoel Nora, zwart’ of ‘Sierkussen velours, groen’');
    expect(texts(await bot.say('die andere'))).to.include('Dat herkende ik niet');
    const offer = texts(await bot.say('weet ik niet meer'));
    expect(offer).to.include('Zal ik je doorverbinden met een collega?');
  });

  it('understands a reason in other words (the pack’s synonyms) and with a typo', async () => {
    const reasonOf = async (locale: string, start: string, item: string, answer: string) => {
      const bot = botHarness({ locale });
      await toItemQuestion(bot, start);
      await bot.say(item);
      return texts(await bot.say(answer));
    };
    expect(await reasonOf('nl-NL', 'ik wil iets retourneren', 'de stoel', 'hij is te klein')).to.include('reden: Past niet');
    expect(await reasonOf('nl-NL', 'ik wil iets retourneren', 'de stoel', 'de poot is gebroken')).to.include('reden: Beschadigd');
    expect(await reasonOf('nl-NL', 'ik wil iets retourneren', 'de stoel', 'beschadigt')).to.include('reden: Beschadigd');
    expect(await reasonOf('en-US', 'I want to return something', 'the cushion', 'you sent the wrong colour')).to.include('reason: Wrong item');
  });

  it('does the same in English', async () => {
    const bot = botHarness({ locale: 'en-US' });
    await toItemQuestion(bot, 'I want to return something');
    expect(texts(await bot.say('the lamp')))
      .to.include("I didn't recognise that")
      .and.include('‘Dining chair Nora, black’ or ‘Velvet cushion, green’');
    expect(texts(await bot.say('the cushion'))).to.include('reason');
  });

  it('does not ask for the item or the reason the customer already gave, in the first message or an answer since (nl)', async () => {
    const both = botHarness();
    const registered = await toItemQuestion(both, 'ik wil de stoel terugsturen, hij is te klein');
    expect(registered).to.include('Je retour is aangemeld').and.include('Eetkamerstoel Nora, zwart').and.include('reden: Past niet');
    expect(registered).not.to.include('Welk artikel').and.not.to.include('Wat is de reden');

    const itemOnly = botHarness();
    expect(await toItemQuestion(itemOnly, 'ik wil het kussen retourneren'))
      .to.include('Wat is de reden')
      .and.not.to.include('Welk artikel');
    expect(texts(await itemOnly.say('kleur valt tegen')))
      .to.include('Sierkussen velours, groen')
      .and.include('reden: Bevalt niet');

    const inAnswer = botHarness();
    await inAnswer.say('ik wil iets retourneren');
    await inAnswer.say('100002, de stoel is kapot aangekomen');
    expect(texts(await inAnswer.say('1234AB')))
      .to.include('Eetkamerstoel Nora, zwart')
      .and.include('reden: Beschadigd');
  });

  it('does the same in English, and asks when the message names two items or none', async () => {
    const bot = botHarness({ locale: 'en-US' });
    expect(await toItemQuestion(bot, 'I want to return the cushion, you sent the wrong colour'))
      .to.include('Velvet cushion, green')
      .and.include('reason: Wrong item');
    const two = botHarness({ locale: 'en-US' });
    expect(await toItemQuestion(two, 'I want to return the chair and the cushion')).to.include('Which item');
    const none = botHarness({ locale: 'en-US' });
    expect(await toItemQuestion(none, 'I would like to send my order back please')).to.include('Which item');
  });
});

describe('the conversation remembers what it is about (issue 18, item 4)', () => {
  const texts = (replies: { text?: string }[]) => replies.map((r) => r.text ?? '').join('\n');

  it("answers a refund question that names an order with that order's refund, not the policy (nl)", async () => {
    const bot = botHarness();
    expect(texts(await bot.say('waar blijft mijn terugbetaling? bestelling 100004'))).to.include('postcode');
    const answer = texts(await bot.say('1234AB'));
    expect(answer).to.include('De terugbetaling van').and.include('129,00 voor bestelling 100004').and.include('uiterlijk');
    expect(answer).not.to.include('binnen 5 werkdagen terug');
  });

  it('answers a follow-up for the order just looked up: its expected date, its invoice, its refund (nl)', async () => {
    const bot = botHarness();
    await bot.say('status 100001 postcode 1234AB');
    await bot.say('5');
    const when = texts(await bot.say('en wanneer komt het?'));
    expect(when).to.include('Bestelling 100001').and.include('wordt naar verwachting op').and.include('door PostNL');
    expect(when).not.to.include('Besteld op werkdagen').and.not.to.include('voorraad');
    expect(texts(await bot.say('en mijn factuur?'))).to.include('De factuur van bestelling 100001 staat als pdf');
    expect(texts(await bot.say('wanneer krijg ik mijn geld terug?')))
      .to.include('Voor bestelling 100001')
      .and.include('loopt geen terugbetaling');
  });

  it('does the same in English, and asks nothing it already knows', async () => {
    const bot = botHarness({ locale: 'en-US' });
    await bot.say('status of order 100003, postcode 1234AB');
    const when = texts(await bot.say('when will it arrive?'));
    expect(when).to.include('Order 100003').and.include('should arrive on');
    expect(when).not.to.include('postcode').and.not.to.include('order number');
  });

  it('keeps the general answer while no order is known', async () => {
    const bot = botHarness();
    expect(texts(await bot.say('wanneer krijg ik mijn geld terug?')))
      .to.include('binnen 5 werkdagen terug')
      .and.not.include('postcode');
  });

  it('takes an order number after the effort question as a question about that order', async () => {
    const bot = botHarness();
    await bot.say('status 100004 postcode 1234AB');
    expect(texts(await bot.say('top, bedankt'))).to.include('Hoe makkelijk');
    const next = texts(await bot.say('en van 100002?'));
    expect(next).to.include('Bestelling 100002').and.not.include('Met een cijfer');
  });

  it('does not ask what went wrong when the first message already says it, and passes the words on', async () => {
    const handoffs = new FakeHandoffGateway();
    const bot = botHarness({ handoffs });
    const reply = texts(await bot.say('ik heb de hele dag thuis gezeten en er kwam niemand'));
    expect(reply).to.include('Wat vervelend').and.include('wachtrij').and.not.include('Vertel in een paar zinnen');
    expect(handoffs.queued[0]).to.deep.include({ reason: 'complaint', priority: 1, detail: 'ik heb de hele dag thuis gezeten en er kwam niemand' });
  });

  it('lets an explicit request for a person win over the rest of the message, with what it is about', async () => {
    const handoffs = new FakeHandoffGateway();
    const bot = botHarness({ handoffs, locale: 'en-US' });
    const reply = texts(await bot.say('I need a human, the lamp arrived broken'));
    expect(reply).to.include("You're number 2 in the queue").and.not.include('photo');
    expect(handoffs.queued[0]).to.deep.include({ reason: 'customer_request', detail: 'I need a human, the lamp arrived broken' });
  });
});

describe('two questions in one message (issue 18, item 2)', () => {
  const texts = (replies: { text?: string }[]) => replies.map((r) => r.text ?? '').join('\n');

  it('starts the first, says it will come back to the second, and answers it when the first is done (nl)', async () => {
    const bot = botHarness();
    const first = texts(await bot.say('ik wil 100002 retourneren en wanneer krijg ik mijn geld terug?'));
    expect(first).to.include('Eerst ‘Retour aanmelden’; daarna kom ik terug op ‘Wanneer krijg ik mijn geld terug?’').and.include('postcode');
    await bot.say('1234AB');
    await bot.say('de stoel');
    const done = texts(await bot.say('Past niet'));
    expect(done).to.include('Je retour is aangemeld onder nummer R-100002-').and.include('Je vroeg ook: ‘Wanneer krijg ik mijn geld terug?’');
    expect(done).to.match(/Je retour R-100002-\w+ van bestelling 100002 is aangemeld\. Zodra het pakket bij ons binnen is/);
    expect(done, 'no effort question beside the next steps').not.to.include('Hoe makkelijk');
  });

  it('answers two questions at once, asking "did this help?" under the last one only (en)', async () => {
    const bot = botHarness({ locale: 'en-US' });
    const replies = await bot.say('what does shipping cost and how can I pay?');
    const text = texts(replies);
    expect(text).to.include('€ 4.95').and.include('You also asked: ‘How can I pay?’').and.include('iDEAL');
    expect(text.match(/Did this answer help\?/g)).to.have.length(1);
    expect(buttonsOf(replies.at(-1)!)).to.include('👍');
  });

  it('drops the second request when the customer stops the first', async () => {
    const bot = botHarness();
    await bot.say('ik wil mijn bestelling annuleren en wanneer krijg ik mijn geld terug?');
    await bot.say('stop');
    expect(texts(await bot.say('wat kost verzenden')))
      .to.include('€ 4,95')
      .and.not.include('Je vroeg ook');
  });
});
