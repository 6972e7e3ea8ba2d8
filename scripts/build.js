#!/usr/bin/env node
// `npm run build` (and before `npm start`, `npm test`, after `npm install`): compiles the
// TypeScript into dist/ only when a source changed since the last build, so an unchanged
// checkout starts at once. `tsc -b` is incremental; compiled files whose source is gone are
// removed, so the test runner never runs a test that no longer exists. `--force` rebuilds;
// `--prime-model` (after `npm install`) also trains the NLU model into the model cache.
'use strict';
const { existsSync, readdirSync, rmSync, statSync, utimesSync } = require('fs');
const { join, relative } = require('path');
const { spawnSync } = require('child_process');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, 'tsconfig.tsbuildinfo');
const tsconfig = require(join(ROOT, 'tsconfig.json'));
const SOURCE_DIRS = tsconfig.include;

/** Every file under `dir` (recursively) for which `keep` says yes. */
function walk(dir, keep, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, keep, found);
    else if (keep(entry.name)) found.push(path);
  }
  return found;
}

const sources = () => SOURCE_DIRS.flatMap((dir) => walk(join(ROOT, dir), (name) => name.endsWith('.ts') && !name.endsWith('.d.ts')));
const sourceOf = (output) => join(ROOT, relative(DIST, output).replace(/\.js(\.map)?$/, '.ts'));
const compiled = () => walk(DIST, (name) => name.endsWith('.js') || name.endsWith('.js.map'));

/** Up to date: built after every source and setting changed, and no compiled file lost its source. */
function upToDate() {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  const inputs = [...sources(), join(ROOT, 'tsconfig.json'), join(ROOT, 'package-lock.json')];
  if (inputs.some((file) => existsSync(file) && statSync(file).mtimeMs > built)) return false;
  return compiled().every((output) => existsSync(sourceOf(output)));
}

function prune() {
  for (const output of compiled()) if (!existsSync(sourceOf(output))) rmSync(output);
}

if (!process.argv.includes('--force') && upToDate()) process.exit(0);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
} catch {
  // A production install without dev dependencies: run what was built before, if anything was.
  if (existsSync(join(DIST, 'app', 'index.js'))) {
    console.error('build: TypeScript is not installed (npm ci --omit=dev?); using the existing dist/');
    process.exit(0);
  }
  console.error('build: TypeScript is not installed and dist/ is empty: run `npm install` (with dev dependencies) first');
  process.exit(1);
}
const args = [tsc, '-b', 'tsconfig.json'];
if (process.argv.includes('--force')) args.push('--force');
const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
prune();
// tsc -b leaves its stamp alone when it found nothing to do: mark this check as done.
const now = new Date();
utimesSync(STAMP, now, now);

// After an install (`prepare`): train the NLU model into the model cache now, so that the first
// `npm start` loads it instead of training. Best effort: without it the first start trains.
if (process.argv.includes('--prime-model')) {
  const primed = spawnSync(process.execPath, [join(DIST, 'app', 'cli', 'modelTrain.js')], { cwd: ROOT, stdio: 'inherit' });
  if (primed.status !== 0) console.error('build: could not train the NLU model ahead (the first start will train it)');
}
