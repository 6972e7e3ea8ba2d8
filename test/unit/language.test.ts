import { expect } from 'chai';
import { sampleEngine } from '../helpers/fixtures';

describe('language detection', () => {
  const engine = () => sampleEngine();
  const clear: [string, 'nl' | 'en'][] = [
    ['waar blijft mijn pakketje', 'nl'],
    ['hoeveel kost verzenden naar belgie', 'nl'],
    ['ik wil mijn geld terug', 'nl'],
    ['bedankt', 'nl'],
    ['hallo', 'nl'],
    ['where is my parcel', 'en'],
    ['how much is shipping to belgium', 'en'],
    ['i want my money back', 'en'],
    ['thanks', 'en'],
    ['hello', 'en'],
  ];
  for (const [text, language] of clear) {
    it(`"${text}" is ${language} whatever the conversation's language`, () => {
      expect(engine().detectLanguage(text, language === 'nl' ? 'en' : 'nl')).to.include({ language, reliable: true });
    });
  }

  for (const text of ['100001', 'ok', '1234AB', '👍']) {
    it(`"${text}" carries no signal: the conversation's language is kept`, () => {
      expect(engine().detectLanguage(text, 'en')).to.deep.include({ language: 'en', reliable: false });
      expect(engine().detectLanguage(text, 'nl')).to.deep.include({ language: 'nl', reliable: false });
    });
  }
});

describe('cross-validated language detection on the sample content', () => {
  it('tells Dutch from English on held-out messages, and rarely guesses wrong on short ones', async () => {
    const { crossValidateLanguageDetection } = await import('../../nlu/evaluation');
    const { samplePack } = await import('../helpers/fixtures');
    const { trainingSetOf } = await import('../../content/trainingSet');
    const training = trainingSetOf(samplePack());
    const samples = (['nl', 'en'] as const).flatMap((lang) => training[lang].map((e) => ({ text: e.text, lang })));
    const all = crossValidateLanguageDetection(samples, 5);
    const short = crossValidateLanguageDetection(samples, 5, (t) => t.trim().split(/\s+/).length <= 3);
    expect(all.accuracy).to.be.above(0.9);
    expect(short.wrong).to.be.below(0.05);
    expect(all.accuracy + all.undecided + all.wrong).to.be.closeTo(1, 1e-3);
  });
});
