import { expect } from 'chai';
import { isValidIban, maskAtRest, passesLuhn } from '../../privacy/restMasking';

describe('masking at rest', () => {
  const cases: [string, string][] = [
    ['mail me op jan.jansen@example.nl', 'mail me op [email]'],
    ['bel 06-12345678 of 06 1234 5678', 'bel [phone] of [phone]'],
    ['call +31 6 12345678 or +44 20 7946 0958', 'call [phone] or [phone]'],
    ['iban NL91ABNA0417164300 graag', 'iban [iban] graag'],
    ['iban NL91 ABNA 0417 1643 00.', 'iban [iban].'],
    ['not an iban NL00ABNA0417164300', 'not an iban NL00ABNA0417164300'],
    ['kaart 4111 1111 1111 1111', 'kaart [card]'],
    ['not a card 4111 1111 1111 1112', 'not a card 4111 1111 1111 1112'],
    ['bestelling 100001, postcode 1234AB', 'bestelling 100001, postcode 1234AB'],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}" → "${expected}"`, () => {
      expect(maskAtRest(text)).to.equal(expected);
    });
  }

  it('checks IBANs with mod-97 and cards with Luhn', () => {
    expect(isValidIban('GB82 WEST 1234 5698 7654 32')).to.equal(true);
    expect(isValidIban('GB82 WEST 1234 5698 7654 33')).to.equal(false);
    expect(passesLuhn('5555 5555 5555 4444')).to.equal(true);
    expect(passesLuhn('1234 5678 9012 3456')).to.equal(false);
  });
});
