import { evaluate } from '../nlu/evaluation';
import { CLASSIFIERS, Guess } from './classifiers';
import { Dataset, LabeledText, loadDatasets, NONE } from './datasets';
import { typoVariant } from './typos';

/** One classifier on one dataset, in a process of its own (so memory and timing are its own). Prints one JSON line. */

export interface RunResult {
  dataset: string;
  classifier: string;
  train: number;
  test: number;
  accuracy: number;
  macroF1: number;
  typoAccuracy: number;
  trainingSeconds: number;
  latencyMs: { mean: number; p99: number };
  peakRssMiB: number;
  outOfScope?: { threshold: number; inScopeAccuracy: number; oosRecall: number };
}

/** Out of scope when the classifier says so itself, or its best in-scope guess is below the threshold. */
function decide(guess: Guess, threshold: number): string {
  return guess.predicted === NONE || guess.confidence < threshold ? NONE : guess.top;
}

function scores(gold: readonly LabeledText[], decided: readonly string[]) {
  const inScope = gold.map((g, i) => [g.intent, decided[i]]).filter(([g]) => g !== NONE);
  const oos = gold.map((g, i) => [g.intent, decided[i]]).filter(([g]) => g === NONE);
  return {
    inScopeAccuracy: inScope.filter(([g, p]) => g === p).length / Math.max(1, inScope.length),
    oosRecall: oos.filter(([, p]) => p === NONE).length / Math.max(1, oos.length),
  };
}

/** In-scope accuracy the threshold may cost on the validation split, compared with no threshold at all. */
const IN_SCOPE_BUDGET = 0.02;

/**
 * The threshold catching the most out-of-scope questions on the validation split while
 * keeping in-scope accuracy within IN_SCOPE_BUDGET of what the classifier gets without one:
 * a support bot should rather answer a real question than refuse it.
 */
function tuneThreshold(validation: readonly LabeledText[], guesses: readonly Guess[]): number {
  const floor =
    scores(
      validation,
      guesses.map((g) => decide(g, 0)),
    ).inScopeAccuracy - IN_SCOPE_BUDGET;
  let best = { threshold: 0, recall: -1 };
  for (let t = 0; t <= 0.95 + 1e-9; t += 0.025) {
    const s = scores(
      validation,
      guesses.map((g) => decide(g, t)),
    );
    if (s.inScopeAccuracy >= floor && s.oosRecall > best.recall) best = { threshold: Math.round(t * 1000) / 1000, recall: s.oosRecall };
  }
  return best.threshold;
}

const LATENCY_SAMPLES = 1_000;

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

async function run(dataset: Dataset, classifierName: string): Promise<RunResult> {
  const classifier = CLASSIFIERS[classifierName]();
  const started = process.hrtime.bigint();
  await classifier.train(dataset.train, dataset.lang);
  const trainingSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  // Warm up (JIT, lazy initialisation) on training sentences so latency is the steady state for every classifier.
  for (const example of dataset.train.slice(0, 50)) await classifier.classify(example.text);
  const guesses: Guess[] = [];
  for (const example of dataset.test) guesses.push(await classifier.classify(example.text));
  // Latency over at least 1,000 classifications (cycling through the test set), so the p99 of a small corpus is not one GC pause.
  const latencies: number[] = [];
  for (let i = 0; i < Math.max(LATENCY_SAMPLES, dataset.test.length); i++) {
    const t0 = process.hrtime.bigint();
    await classifier.classify(dataset.test[i % dataset.test.length].text);
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const typoGuesses: Guess[] = [];
  for (const text of typoVariant(dataset.test.map((e) => e.text))) typoGuesses.push(await classifier.classify(text));

  // Accuracy over in-scope test examples: the classifier's own answer with its defaults.
  const inScope = dataset.test.map((e, i) => ({ e, i })).filter(({ e }) => e.intent !== NONE);
  const report = evaluate(
    inScope.map(({ e }) => e.intent),
    inScope.map(({ i }) => guesses[i].predicted),
  );
  const typoCorrect = inScope.filter(({ e, i }) => typoGuesses[i].predicted === e.intent).length;
  latencies.sort((a, b) => a - b);
  const result: RunResult = {
    dataset: dataset.name,
    classifier: classifier.name,
    train: dataset.train.length,
    test: dataset.test.length,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    typoAccuracy: round(typoCorrect / inScope.length),
    trainingSeconds: round(trainingSeconds, 2),
    latencyMs: { mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 3), p99: round(latencies[Math.floor(latencies.length * 0.99)], 3) },
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  if (dataset.hasOutOfScope && dataset.validation) {
    const validationGuesses: Guess[] = [];
    for (const example of dataset.validation) validationGuesses.push(await classifier.classify(example.text));
    const threshold = tuneThreshold(dataset.validation, validationGuesses);
    const s = scores(
      dataset.test,
      guesses.map((g) => decide(g, threshold)),
    );
    result.outOfScope = { threshold, inScopeAccuracy: round(s.inScopeAccuracy), oosRecall: round(s.oosRecall) };
  }
  return result;
}

async function main(): Promise<void> {
  const [root, datasetName, classifierName] = process.argv.slice(2);
  const dataset = loadDatasets(root).find((d) => d.name === datasetName);
  if (!dataset) throw new Error(`unknown dataset ${datasetName}`);
  if (!CLASSIFIERS[classifierName]) throw new Error(`unknown classifier ${classifierName}`);
  process.stdout.write(`${JSON.stringify(await run(dataset, classifierName))}\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
