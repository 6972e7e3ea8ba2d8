import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { DataFileError, readLabeledJsonl } from '../../nlu/jsonl';
import { languageOf, trainAndTest } from '../../nlu/trainTestEvaluation';
import { tempDir } from '../helpers/fixtures';

const lines = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');

describe('nlu:eval on train/test files', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());
  const file = (name: string, content: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, content);
    return path;
  };

  const bad: [string, string, RegExp][] = [
    ['invalid JSON', '{"text":"a","intent":"x"}\n{"text":"b","intent":"y"}\n{"text": "c", intent}\n', /line 3: is not valid JSON/],
    ['a missing intent', '{"text":"a","intent":"x"}\n{"text":"b"}\n', /line 2: intent: .*expected string/i],
    ['an empty text', '{"text":"  ","intent":"x"}\n', /line 1: text: must not be empty/],
    ['an unknown language', '{"text":"a","intent":"x","lang":"de"}\n', /line 1: lang:/],
    ['no examples', '\n\n', /has no examples/],
  ];
  for (const [what, content, message] of bad) {
    it(`names the line of ${what}`, () => {
      const path = file('bad.jsonl', content);
      expect(() => readLabeledJsonl(path)).to.throw(DataFileError, message);
    });
  }

  it('reads lines, skipping blank ones', () => {
    const path = file('ok.jsonl', `${lines([{ text: 'hallo', intent: 'greeting', lang: 'nl' }])}\n\n${lines([{ text: 'hi', intent: 'greeting' }])}\n`);
    expect(readLabeledJsonl(path)).to.deep.equal([
      { text: 'hallo', intent: 'greeting', lang: 'nl' },
      { text: 'hi', intent: 'greeting', lang: undefined },
    ]);
  });

  // A small fixed set that is cleanly separable: the expected accuracy is exactly 1.
  const train = [
    ...['where is my order', 'track my parcel', 'has my package shipped', 'when does my order arrive', 'status of my delivery'].map((text) => ({
      text,
      intent: 'order_status',
    })),
    ...['i want my money back', 'refund please', 'how do i get a refund', 'return my money', 'can i get reimbursed'].map((text) => ({
      text,
      intent: 'refund',
    })),
    ...['reset my password', 'i forgot my password', 'cannot log in', 'change my password', 'password does not work'].map((text) => ({
      text,
      intent: 'password',
    })),
    ...['what is the weather', 'tell me a joke', 'who won the football', 'play some music', 'what time is it in tokyo'].map((text) => ({
      text,
      intent: 'none',
    })),
  ];
  const test = [
    { text: 'where is my parcel', intent: 'order_status' },
    { text: 'i want a refund', intent: 'refund' },
    { text: 'forgot password', intent: 'password' },
    { text: 'tell me a funny joke', intent: 'none' },
  ];

  it('gets the known accuracy on a small fixed set, with out-of-scope numbers', () => {
    const report = trainAndTest(train, test, 'en');
    expect(report).to.include({ accuracy: 1, macroF1: 1, inScopeAccuracy: 1, oosRecall: 1, train: 20, test: 4, lang: 'en', threshold: 0.4 });
    expect(report.perIntent.refund).to.deep.equal({ precision: 1, recall: 1, f1: 1, support: 1 });
  });

  it('picks the language from --lang, else from the lang fields, else from the texts', () => {
    expect(languageOf([{ text: 'a', intent: 'x', lang: 'nl' }])).to.equal('nl');
    expect(languageOf([{ text: 'a', intent: 'x', lang: 'nl' }], 'en')).to.equal('en');
    expect(languageOf([{ text: 'a', intent: 'x' }])).to.equal('en');
    const dutch = ['waar is mijn pakket', 'ik wil mijn geld terug', 'hoe kan ik betalen', 'zet de wekker om zeven uur'].map((text) => ({ text, intent: 'x' }));
    expect(languageOf(dutch)).to.equal('nl');
    expect(languageOf(['where is my parcel', 'i want my money back', 'wake me up at seven'].map((text) => ({ text, intent: 'x' })))).to.equal('en');
  });

  it('prints one JSON object from the command line, and a clear error for a bad file', () => {
    const cli = resolve(__dirname, '../../app/cli/nluEval.js');
    const trainFile = file('train.jsonl', lines(train));
    const testFile = file('test.jsonl', lines(test));
    const ok = spawnSync(process.execPath, [cli, '--train', trainFile, '--test', testFile]);
    expect(ok.status).to.equal(0);
    expect(JSON.parse(ok.stdout.toString())).to.include({ accuracy: 1, oosRecall: 1 });
    const broken = spawnSync(process.execPath, [cli, '--train', file('broken.jsonl', '{"text":"a"}'), '--test', testFile]);
    expect(broken.status).to.equal(1);
    expect(broken.stderr.toString()).to.include('broken.jsonl line 1');
  });
});
