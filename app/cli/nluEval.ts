import { resolve } from 'path';
import { parseArgs } from 'util';
import { loadContentPack } from '../../content/loader';
import { trainingSetOf } from '../../content/trainingSet';
import { crossValidate, crossValidateLanguageDetection, EvaluationReport, LanguageDetectionReport } from '../../nlu/evaluation';
import { LANGUAGES, pipelineFor } from '../../nlu/language';
import { DEFAULT_THRESHOLDS } from '../../nlu/nluEngine';
import { readLabeledJsonl } from '../../nlu/jsonl';
import { languageOf, trainAndTest, TrainTestReport } from '../../nlu/trainTestEvaluation';
import { existsSync } from 'fs';

/**
 * `npm run nlu:eval -- --train TRAIN.jsonl --test TEST.jsonl [--lang nl|en] [--threshold 0.4]`
 *   trains the product's classifier on one file, tests on the other, prints one JSON object.
 * `npm run nlu:eval [-- --folds 5 --content ./content/webshop --json]`
 *   stratified k-fold cross-validation on a content pack, per language.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      folds: { type: 'string', default: '5' },
      content: { type: 'string', default: './content/webshop' },
      json: { type: 'boolean', default: false },
      train: { type: 'string' },
      test: { type: 'string' },
      lang: { type: 'string' },
      threshold: { type: 'string' },
      frozen: { type: 'string', default: './content/eval/webshop-frozen-{lang}.jsonl' },
    },
  });
  if (values.train || values.test) {
    if (!values.train || !values.test) throw new Error('--train and --test go together');
    if (values.lang !== undefined && values.lang !== 'nl' && values.lang !== 'en') throw new Error('--lang must be nl or en');
    const threshold = values.threshold === undefined ? DEFAULT_THRESHOLDS.outOfScope : Number(values.threshold);
    if (!(threshold >= 0 && threshold <= 1)) throw new Error('--threshold must be a number between 0 and 1');
    const train = readLabeledJsonl(resolve(values.train));
    const test = readLabeledJsonl(resolve(values.test));
    const report = trainAndTest(train, test, languageOf(train, values.lang), { ...DEFAULT_THRESHOLDS, outOfScope: threshold });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2) throw new Error('--folds must be an integer of at least 2');
  const pack = loadContentPack(resolve(values.content));
  const training = trainingSetOf(pack);
  const reports: Record<string, EvaluationReport & { trainingMs: number }> = {};
  for (const language of LANGUAGES) {
    const started = Date.now();
    const report = crossValidate(training[language], pipelineFor(language), DEFAULT_THRESHOLDS, folds);
    reports[language] = { ...report, trainingMs: Date.now() - started };
  }
  // The frozen held-out set: written before examples were added for it, never trained on.
  const frozen: Partial<Record<string, TrainTestReport>> = {};
  for (const language of LANGUAGES) {
    const file = resolve(values.frozen.replace('{lang}', language));
    if (!existsSync(file)) continue;
    frozen[language] = trainAndTest(training[language], readLabeledJsonl(file), language);
  }
  const samples = LANGUAGES.flatMap((lang) => training[lang].map((e) => ({ text: e.text, lang })));
  const words = (text: string) => text.trim().split(/\s+/).length;
  const languageDetection = {
    short: crossValidateLanguageDetection(samples, folds, (text) => words(text) <= 3),
    all: crossValidateLanguageDetection(samples, folds),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ content: pack.name, folds, languages: reports, frozen, languageDetection }, null, 2)}\n`);
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`Stratified ${folds}-fold cross-validation on "${pack.name}" (out-of-scope examples count as intent "none"; near-duplicates share a fold)\n`);
  const held = LANGUAGES.filter((language) => frozen[language]).map((language) => {
    const r = frozen[language]!;
    return `${language} ${pct(r.accuracy)} (${r.test} messages)`;
  });
  if (held.length > 0) {
    console.log(`Frozen held-out set (${values.frozen}, trained on the whole pack): accuracy ${held.join(', ')}; cross-validation per language below.\n`);
  }
  for (const language of LANGUAGES) {
    const r = reports[language];
    const oos = r.oosRecall !== undefined ? `, in-scope accuracy ${pct(r.inScopeAccuracy!)}, out-of-scope recall ${pct(r.oosRecall)}` : '';
    console.log(
      `## ${language}: accuracy ${pct(r.accuracy)}, macro-F1 ${r.macroF1.toFixed(3)}${oos} (${r.examples} examples, ${(r.trainingMs / 1000).toFixed(1)} s)`,
    );
    console.log('');
    console.log('| intent | precision | recall | F1 | examples |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [intent, s] of Object.entries(r.perIntent)) {
      console.log(`| ${intent} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${s.f1.toFixed(3)} | ${s.support} |`);
    }
    console.log('');
    console.log(
      'Most confused (gold → predicted): ' +
        (r.confusedPairs.length
          ? r.confusedPairs
              .slice(0, 8)
              .map((p) => `${p.gold} → ${p.predicted} (${p.count})`)
              .join(', ')
          : 'none'),
    );
    console.log('');
  }
  const describe = (r: LanguageDetectionReport) =>
    `${pct(r.accuracy)} right, ${pct(r.undecided)} too short to tell (the conversation's language is kept), ${pct(r.wrong)} wrong (${r.messages} messages)`;
  console.log(`## Language detection (${folds}-fold, nl vs en)`);
  console.log('');
  console.log(`- messages of 1–3 words: ${describe(languageDetection.short)}`);
  console.log(`- all messages: ${describe(languageDetection.all)}`);
}

try {
  main();
} catch (error) {
  console.error(`nlu:eval: ${(error as Error).message}`);
  process.exit(1);
}
