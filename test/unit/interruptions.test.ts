import { expect } from 'chai';
import { detectInterruption } from '../../dialogs/interruptions';
import { ParseResult } from '../../nlu/nluEngine';

const parse = (intent = 'none', confidence = 0): ParseResult => ({
  text: '',
  language: 'nl',
  languageReliable: true,
  intent: { name: intent, confidence },
  alternatives: [],
  entities: [],
  sentiment: { score: 0, label: 'neutral' },
});

describe('interruptions (help, stop, restart, a person)', () => {
  const cases: [string, ParseResult, ReturnType<typeof detectInterruption>][] = [
    ['stop', parse(), 'cancel'],
    ['Laat maar!', parse(), 'cancel'],
    ['never mind', parse(), 'cancel'],
    ['opnieuw beginnen', parse(), 'restart'],
    ['Start over', parse(), 'restart'],
    ['help', parse(), 'help'],
    ['?', parse(), 'help'],
    ['wat kun je', parse(), 'help'],
    ['ik wil een medewerker', parse('human.request', 0.9), 'human'],
    ['kan ik een mens spreken', parse('human.request', 0.5), 'human'],
    ['someone please', parse('human.request', 0.75), 'human'],
  ];
  for (const [text, parsed, expected] of cases) it(`"${text}" → ${expected}`, () => expect(detectInterruption(text, parsed)).to.equal(expected));

  it('leaves whole sentences that merely contain a control word to the NLU', () => {
    expect(detectInterruption('stop mijn bestelling', parse('order.cancel', 0.8))).to.equal(null);
    expect(detectInterruption('help me met mijn retour', parse('returns.start', 0.7))).to.equal(null);
    expect(detectInterruption('opnieuw verzenden graag', parse('order.status', 0.5))).to.equal(null);
  });

  it('asks for a person only when the NLU is sure, or the message names one', () => {
    expect(detectInterruption('iemand?', parse('human.request', 0.5))).to.equal(null);
    expect(detectInterruption('agent', parse('human.request', 0.5))).to.equal('human');
    expect(detectInterruption('medewerker', parse('order.status', 0.6)), 'another intent won').to.equal(null);
  });
});
