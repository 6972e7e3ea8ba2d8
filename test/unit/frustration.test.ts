import { expect } from 'chai';
import { assessFrustration, FrustrationSignal, shoutingRatio } from '../../handoff/frustration';

const calm = (text: string, intent = 'delivery.time'): FrustrationSignal => ({ text, intent, sentiment: 0 });

describe('frustration signals', () => {
  it('finds nothing in a calm conversation, or in none at all', () => {
    expect(assessFrustration([])).to.deep.equal({ level: 0, reasons: [] });
    expect(assessFrustration([calm('hoe lang duurt de levering?'), calm('en wat kost het?', 'delivery.costs')]).level).to.equal(0);
  });

  it('counts a negative trend: two negative messages of the last four, or one very negative last one', () => {
    const sour = { text: 'dit is slecht', intent: 'none', sentiment: -0.2 };
    expect(assessFrustration([sour, calm('ok'), sour]).reasons).to.deep.equal(['negative sentiment']);
    expect(assessFrustration([calm('ok'), { ...sour, sentiment: -0.5 }]).reasons).to.deep.equal(['negative sentiment']);
    expect(
      assessFrustration([sour, calm('a', 'greeting'), calm('b', 'thanks'), calm('c', 'help'), calm('d', 'opening_hours')]).reasons,
      'too long ago',
    ).to.deep.equal([]);
  });

  it('counts the same question asked again, but not repeated misses', () => {
    expect(assessFrustration([calm('waar is mijn pakket', 'order.status'), calm('WAAR IS HET nou', 'order.status')]).reasons).to.include('repeated question');
    expect(assessFrustration([calm('blub', 'none'), calm('blab', 'none')]).reasons).not.to.include('repeated question');
  });

  it('counts shouting and !! / ?!, but not a short capitalised word', () => {
    expect(assessFrustration([calm('WAAR BLIJFT MIJN BESTELLING')]).reasons).to.deep.equal(['capitals or exclamation marks']);
    expect(assessFrustration([calm('waar blijft het?!')]).reasons).to.deep.equal(['capitals or exclamation marks']);
    expect(assessFrustration([calm('OK')]).level).to.equal(0);
    expect(shoutingRatio('Hoi DHL')).to.equal(0); // fewer than 8 letters: no telling
    expect(shoutingRatio('NU METEEN graag')).to.be.closeTo(8 / 13, 1e-9);
  });

  it('counts a complaint, and caps the level at 3', () => {
    expect(assessFrustration([calm('ik wil een klacht indienen', 'complaint')]).reasons).to.deep.equal(['complaint']);
    const all = [
      { text: 'slecht', intent: 'complaint', sentiment: -0.6 },
      { text: 'DIT IS ECHT BELACHELIJK!!', intent: 'complaint', sentiment: -0.6 },
    ];
    expect(assessFrustration(all)).to.deep.equal({
      level: 3,
      reasons: ['negative sentiment', 'repeated question', 'capitals or exclamation marks', 'complaint'],
    });
  });
});
