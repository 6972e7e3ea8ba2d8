import { expect } from 'chai';
import { LanguageState, nextLanguage } from '../../dialogs/languageChoice';

const reliable = (language: 'nl' | 'en') => ({ language, reliable: true });

describe('the customer’s language', () => {
  const dutch: LanguageState = { language: 'nl', settled: true };

  it('is never switched by one short word', () => {
    for (const word of ['agent', 'ok', 'human', '100001', 'thanks']) expect(nextLanguage(dutch, word, reliable('en')).language, word).to.equal('nl');
  });

  it('switches after two messages in a row of four words or more in the other language', () => {
    const once = nextLanguage(dutch, 'can I pay with PayPal?', reliable('en'));
    expect(once).to.deep.include({ language: 'nl', candidate: 'en' });
    expect(nextLanguage(once, 'and how long does delivery take', reliable('en')).language).to.equal('en');
    const interrupted = nextLanguage(once, 'hoe lang duurt het bezorgen', reliable('nl'));
    expect(nextLanguage(interrupted, 'and how long does delivery take', reliable('en')).language, 'a Dutch message in between').to.equal('nl');
  });

  it('switches at once when asked', () => {
    expect(nextLanguage(dutch, 'in English please', reliable('en')).language).to.equal('en');
    expect(nextLanguage({ language: 'en', settled: true }, 'kan het in het Nederlands?', reliable('nl')).language).to.equal('nl');
  });

  it('takes the language of the first message of two words or more, over the locale’s guess', () => {
    const fresh: LanguageState = { language: 'nl' };
    expect(nextLanguage(fresh, 'hello', reliable('en')).language).to.equal('nl');
    expect(nextLanguage(fresh, 'where is my order', reliable('en'))).to.deep.equal({ language: 'en', settled: true });
  });
});
