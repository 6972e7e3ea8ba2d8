import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { cpus } from 'os';
import { join, resolve } from 'path';
import { loadDatasets } from './datasets';
import type { RunResult } from './runOne';

/**
 * `npm run bench:nlu [-- --data ../shared/data/nlu --only Banking77,SNIPS --classifiers balie,bayes,nlpjs]`
 * Every classifier on every public dataset, each run in a fresh process under the same
 * conditions. Prints Markdown tables and writes bench/results/nlu.json (a run with --only or
 * --classifiers writes nlu.partial.json, so the committed full results stay as they are).
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const root = resolve(args.get('data') ?? join(__dirname, '../../../shared/data/nlu'));
const only = args.get('only')?.split(',');
const classifiers = (args.get('classifiers') ?? 'balie,bayes,nlpjs').split(',');
const runner = join(__dirname, 'runOne.js');

const datasets = loadDatasets(root).filter((d) => !only || only.includes(d.name));
const results: RunResult[] = [];
for (const dataset of datasets) {
  for (const classifier of classifiers) {
    process.stderr.write(`${dataset.name} · ${classifier} … `);
    const output = execFileSync(process.execPath, [runner, root, dataset.name, classifier], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const result = JSON.parse(output.trim().split('\n').pop()!) as RunResult;
    process.stderr.write(`${(result.accuracy * 100).toFixed(2)}% in ${result.trainingSeconds} s\n`);
    results.push(result);
  }
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const lines = [
  '| dataset | classifier | train | test | accuracy | macro-F1 | with typos (drop) | training | mean latency | p99 latency | peak RSS |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.dataset} | ${r.classifier} | ${r.train} | ${r.test} | ${pct(r.accuracy)} | ${r.macroF1.toFixed(4)} | ${pct(r.typoAccuracy)} (${((r.accuracy - r.typoAccuracy) * 100).toFixed(2)}) | ${r.trainingSeconds} s | ${r.latencyMs.mean} ms | ${r.latencyMs.p99} ms | ${r.peakRssMiB} MiB |`,
  ),
];
const oos = results.filter((r) => r.outOfScope);
if (oos.length > 0) {
  lines.push('', '| dataset | classifier | threshold (tuned on validation) | in-scope accuracy | out-of-scope recall |', '|---|---|---:|---:|---:|');
  for (const r of oos)
    lines.push(`| ${r.dataset} | ${r.classifier} | ${r.outOfScope!.threshold} | ${pct(r.outOfScope!.inScopeAccuracy)} | ${pct(r.outOfScope!.oosRecall)} |`);
}
console.log(lines.join('\n'));

const out = resolve(__dirname, '../../bench/results');
const file = join(out, only || args.has('classifiers') ? 'nlu.partial.json' : 'nlu.json');
mkdirSync(out, { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify({ ranAt: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, data: root, results }, null, 2)}\n`,
);
console.error(`wrote ${file}`);
