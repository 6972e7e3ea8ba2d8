import { expect } from 'chai';
import { ContentRecognizer } from '../../dialogs/supportRecognizer';
import { twoRequestsIn } from '../../dialogs/twoRequests';
import { candidateSplits } from '../../nlu/requestSplit';
import { sampleEngine, samplePack } from '../helpers/fixtures';

describe('where a message could hold two requests', () => {
  it('splits after a sentence and at conjunctions, in both languages, keeping numbers and punctuation', () => {
    expect(candidateSplits('Waar is bestelling 100001? En wat kost verzenden?')).to.deep.include({
      first: 'Waar is bestelling 100001?',
      second: 'wat kost verzenden?',
    });
    expect(candidateSplits('ik wil 100001 retourneren en wanneer krijg ik mijn geld terug')).to.deep.equal([
      { first: 'ik wil 100001 retourneren', second: 'wanneer krijg ik mijn geld terug' },
    ]);
    expect(candidateSplits('where is my order, and how do I return something?')).to.deep.equal([
      { first: 'where is my order', second: 'how do I return something?' },
    ]);
  });

  it('offers no split that leaves a part too short to be a request', () => {
    expect(candidateSplits('kan ik betalen met ideal en paypal')).to.deep.equal([]);
    expect(candidateSplits('red and green')).to.deep.equal([]);
  });

  it('offers no split whose second part points back at the first (it, that, die, dat), but does at an article', () => {
    expect(candidateSplits('ik wil een kortingscode gebruiken maar die werkt niet')).to.deep.equal([]);
    expect(candidateSplits('I ordered the green cushion and it arrived torn')).to.deep.equal([]);
    expect(candidateSplits('ik wil retourneren maar het retourlabel werkt niet')).to.deep.equal([
      { first: 'ik wil retourneren', second: 'het retourlabel werkt niet' },
    ]);
  });
});

describe('two requests in one message (with the sample NLU)', () => {
  const recognizer = new ContentRecognizer(sampleEngine(), samplePack());
  const two = (text: string) => {
    const found = twoRequestsIn(text, 'nl', recognizer, 0.2);
    return found && [found.first.parse.intent.name, found.second.intent];
  };

  it('finds both when each part is confidently a different request', () => {
    expect(two('ik wil 100001 retourneren en wanneer krijg ik mijn geld terug?')).to.deep.equal(['returns.start', 'refund.status']);
    expect(two('wat kost verzenden en hoe kan ik betalen?')).to.deep.equal(['delivery.costs', 'payment.methods']);
    expect(two('where is my order and how do I return something?')).to.deep.equal(['order.status', 'returns.start']);
    expect(two('I want to cancel order 100003. Also, what payment methods do you accept?')).to.deep.equal(['order.cancel', 'payment.methods']);
  });

  it('leaves single requests that merely contain "en" / "and" / "maar" whole', () => {
    for (const text of [
      'kan ik betalen met ideal en paypal',
      'wanneer wordt mijn bestelling bezorgd en door wie',
      'my order arrived damaged and I want a replacement',
      'ik heb een stoel en een kussen besteld maar ik wil de stoel retourneren',
      'I ordered a lamp and a throw, where is it?',
      'ik wil retourneren maar ik heb de doos niet meer',
      'ik heb mijn wachtwoord vergeten en kan niet inloggen',
      'I forgot my password and can’t log in',
      'ik wil een kortingscode gebruiken maar die werkt niet',
      'hallo en goedemorgen, waar is mijn bestelling?',
    ]) {
      expect(two(text), text).to.equal(undefined);
    }
  });
});
