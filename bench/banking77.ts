import { readFileSync } from 'fs';
import { resolve } from 'path';
import { evaluate } from '../nlu/evaluation';
import { DEFAULT_CLASSIFIER_OPTIONS, IntentClassifier, TrainingExample } from '../nlu/intentClassifier';
import { pipelineFor } from '../nlu/language';

/**
 * `npm run bench:nlu`: the product's intent classifier on Banking77 (official train/test
 * split, read in place from ../shared/data/nlu). Prints accuracy, macro-F1, training time,
 * classification latency and memory.
 */

/** Minimal RFC 4180 reader: quoted fields may hold commas and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function readSplit(file: string): TrainingExample[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (header.join() !== 'text,category') throw new Error(`${file}: expected the header "text,category"`);
  return rows.map(([text, intent]) => ({ text, intent }));
}

function main(): void {
  const dir = resolve(process.argv[2] ?? resolve(__dirname, '../../../shared/data/nlu/banking77'));
  const train = readSplit(resolve(dir, 'train.csv'));
  const test = readSplit(resolve(dir, 'test.csv'));
  const started = process.hrtime.bigint();
  // Calibration does not change the ranking, only the probabilities; skip its extra folds here.
  const classifier = IntentClassifier.train(train, pipelineFor('en'), { ...DEFAULT_CLASSIFIER_OPTIONS, calibrationFolds: 0 });
  const trainingSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const latencies: number[] = [];
  const predicted = test.map((example) => {
    const t0 = process.hrtime.bigint();
    const name = classifier.classify(example.text).ranking[0].name;
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    return name;
  });
  const report = evaluate(test.map((e) => e.intent), predicted);
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  const p99 = latencies[Math.floor(latencies.length * 0.99)];
  const result = {
    dataset: 'banking77',
    train: train.length,
    test: test.length,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    trainingSeconds: Math.round(trainingSeconds * 10) / 10,
    latencyMs: { mean: Math.round(mean * 1000) / 1000, p99: Math.round(p99 * 1000) / 1000 },
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
  console.log('| dataset | train | test | accuracy | macro-F1 | training | mean latency | p99 latency | RSS |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| ${result.dataset} | ${result.train} | ${result.test} | ${(result.accuracy * 100).toFixed(2)}% | ${result.macroF1.toFixed(4)} | ${result.trainingSeconds} s | ${result.latencyMs.mean} ms | ${result.latencyMs.p99} ms | ${result.rssMiB} MiB |`);
  console.log(JSON.stringify(result));
}

if (require.main === module) main();
