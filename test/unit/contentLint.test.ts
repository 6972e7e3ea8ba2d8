import { expect } from 'chai';
import { ContentPack, IntentContent } from '../../content/contentPack';
import { lintContent } from '../../content/contentLint';
import { samplePack } from '../helpers/fixtures';

describe('npm run content:lint', () => {
  const pack = samplePack();
  const withIntent = (name: string, change: (intent: IntentContent) => IntentContent): ContentPack => {
    const intents = new Map(pack.intents);
    intents.set(name, change(pack.intents.get(name)!));
    return { ...pack, intents };
  };

  it('finds no errors in the sample content', () => {
    expect(lintContent(pack, { crossValidate: false }).filter((f) => f.severity === 'error')).to.deep.equal([]);
  });

  it('reports an example kept under two intents, an untranslated answer and too few examples', () => {
    const shared = pack.intents.get('delivery.costs')!.examples.nl[0];
    const broken = withIntent('delivery.time', (intent) => ({
      ...intent,
      examples: { ...intent.examples, nl: [...intent.examples.nl, shared], en: intent.examples.en.slice(0, 5) },
      answer: { nl: intent.answer.nl, en: intent.answer.nl },
    }));
    const findings = lintContent(broken, { crossValidate: false });
    expect(findings.map((f) => f.kind)).to.include.members(['example_in_two_intents', 'untranslated', 'too_few_examples']);
    expect(findings.find((f) => f.kind === 'example_in_two_intents')!.message).to.include('delivery.costs and delivery.time');
    expect(findings.find((f) => f.kind === 'too_few_examples')).to.include({ intent: 'delivery.time', language: 'en', severity: 'warning' });
  });

  it('reports a bot message whose placeholders differ between the languages', () => {
    const messages = { ...pack.messages, queued: { nl: pack.messages.queued.nl, en: 'You are in the queue.' } };
    const finding = lintContent({ ...pack, messages }, { crossValidate: false }).find((f) => f.kind === 'placeholder_mismatch');
    expect(finding?.message).to.include('message queued');
  });

  it('names the examples the model takes for another intent when it has not seen them', function () {
    this.timeout(60_000);
    const confused = lintContent(pack, { folds: 3 }).filter((f) => f.kind === 'confused_example');
    expect(confused.length).to.be.greaterThan(0);
    expect(confused[0].message).to.match(/" is taken for (out of scope|[a-z_.]+) when the model has not seen it$/);
  });
});
