import { expect } from 'chai';
import { memoizedStemmer } from '../../nlu/language';
import { PorterStemmer, PorterStemmerNl } from '../../nlu/natural';

describe('memoizedStemmer', () => {
  it('stems exactly like the stemmer it wraps', () => {
    const words = {
      en: ['returning', 'parcels', 'cancelled', 'shipping', 'refunds'],
      nl: ['bestellingen', 'verzendkosten', 'geannuleerd', 'pakketje', 'retourneren'],
    };
    const en = memoizedStemmer(PorterStemmer);
    const nl = memoizedStemmer(PorterStemmerNl);
    for (const word of words.en) expect(en.stem(word)).to.equal(PorterStemmer.stem(word));
    for (const word of words.nl) expect(nl.stem(word)).to.equal(PorterStemmerNl.stem(word));
  });

  it('asks the wrapped stemmer once per word, and starts over when full', () => {
    const calls: string[] = [];
    const stemmer = memoizedStemmer({ stem: (token) => (calls.push(token), token.slice(0, 3)) }, 2);
    expect([stemmer.stem('orders'), stemmer.stem('orders'), stemmer.stem('parcel')]).to.deep.equal(['ord', 'ord', 'par']);
    expect(calls).to.deep.equal(['orders', 'parcel']);
    stemmer.stem('refund'); // the memo is full: it starts over with this word
    stemmer.stem('orders');
    expect(calls).to.deep.equal(['orders', 'parcel', 'refund', 'orders']);
  });
});
