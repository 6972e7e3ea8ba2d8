import { expect } from 'chai';
import { extractEntities, parseOrderNumber, parsePostcode, useOrderNumberPattern } from '../../nlu/entities';

describe('extractEntities', () => {
  const cases: { text: string; expected: [string, string][] }[] = [
    { text: 'bestelling 100001', expected: [['order_number', '100001']] },
    { text: 'order #100002 please', expected: [['order_number', '100002']] },
    { text: 'ordernummer BL-100003', expected: [['order_number', '100003']] },
    { text: 'postcode 1234 AB', expected: [['postcode', '1234AB']] },
    { text: 'ik woon op 3511ab', expected: [['postcode', '3511AB']] },
    { text: '1234 SS is never issued', expected: [] },
    { text: 'mail jan.jansen@example.nl', expected: [['email', 'jan.jansen@example.nl']] },
    { text: 'bel 06-12345678', expected: [['phone', '+31612345678']] },
    { text: 'call +31 6 1234 5678', expected: [['phone', '+31612345678']] },
    { text: 'vast 020-1234567', expected: [['phone', '+31201234567']] },
    { text: 'het kost € 12,50', expected: [['amount', '12.50']] },
    { text: 'I paid 49.95 euro', expected: [['amount', '49.95']] },
    { text: 'EUR 10', expected: [['amount', '10.00']] },
    {
      text: 'order 100001 to 1234AB, mail a@b.nl',
      expected: [
        ['order_number', '100001'],
        ['postcode', '1234AB'],
        ['email', 'a@b.nl'],
      ],
    },
    { text: 'nothing here, just 12345 or 1234567', expected: [] },
  ];
  for (const { text, expected } of cases) {
    it(`finds ${expected.map((e) => e.join('=')).join(', ') || 'nothing'} in "${text}"`, () => {
      expect(extractEntities(text).map((e) => [e.type, e.value])).to.deep.equal(expected);
    });
  }

  it('gives offsets into the original text', () => {
    const text = 'Mijn order is 100001.';
    const [entity] = extractEntities(text);
    expect(text.slice(entity.start, entity.end)).to.equal('100001');
  });

  it('does not read the digits of a phone number as an order number', () => {
    expect(extractEntities('bel me op 0612345678').map((e) => e.type)).to.deep.equal(['phone']);
  });

  it('validates answers for the flows', () => {
    expect(parseOrderNumber('het is 100004')).to.equal('100004');
    expect(parseOrderNumber('12345')).to.equal(null);
    expect(parsePostcode('1234ab')).to.equal('1234AB');
    expect(parsePostcode('0123AB')).to.equal(null);
  });

  it('reads the shop’s own order numbers when the content pack describes them, and the default again after', () => {
    try {
      useOrderNumberPattern('#?(\\d{4,8})');
      expect(parseOrderNumber('waar blijft #1001?')).to.equal('1001');
      expect(parseOrderNumber('bestelling 20231234 postcode 9711AA')).to.equal('20231234');
      expect(parsePostcode('bestelling 1001 postcode 9711 AA')).to.equal('9711AA');
      expect(parseOrderNumber('12')).to.equal(null);
      useOrderNumberPattern('[A-Z]{2}-\\d{5}');
      expect(parseOrderNumber('mijn order is nl-12345')).to.equal('NL-12345');
    } finally {
      useOrderNumberPattern();
    }
    expect(parseOrderNumber('#1001')).to.equal(null);
    expect(parseOrderNumber('#100001')).to.equal('100001');
  });
});
