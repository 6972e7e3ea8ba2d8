import { createHash } from 'crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { deserialize, serialize } from 'v8';
import { ClassifierOptions } from './intentClassifier';
import { EngineSnapshot, TrainingSet } from './nluEngine';

/** The NLU's own code, compiled: a change to how Balie learns or reads a model makes older models useless. */
let codeVersion: string | undefined;
function nluCodeVersion(): string {
  if (codeVersion === undefined) {
    const hash = createHash('sha256');
    for (const file of readdirSync(__dirname)
      .filter((name) => /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts'))
      .sort()) {
      hash.update(file).update(readFileSync(join(__dirname, file)));
    }
    codeVersion = hash.digest('hex');
  }
  return codeVersion;
}

/**
 * What a trained model depends on: every training example (the content pack's and the
 * overlay's, in order), the classifier settings and the NLU code. Equal keys, equal models.
 */
export function modelKey(training: TrainingSet, options: ClassifierOptions): string {
  return createHash('sha256')
    .update(JSON.stringify(training))
    .update(JSON.stringify(options))
    .update(nluCodeVersion())
    .update(process.versions.v8)
    .digest('hex');
}

interface CacheFile {
  readonly key: string;
  readonly snapshot: EngineSnapshot;
}

/**
 * Trained models on disk, one file per key (V8's serialisation: typed arrays stay binary).
 * Written atomically (a temporary file renamed into place), so instances sharing the
 * directory never read half a file; only the newest model is kept.
 */
export class ModelCache {
  constructor(readonly directory: string) {}

  /** The model trained for `key`, if this cache has it. Throws on an unreadable file (the caller trains). */
  load(key: string): EngineSnapshot | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.fileFor(key));
    } catch {
      return undefined;
    }
    const file = deserialize(bytes) as Partial<CacheFile> | null;
    if (!file || file.key !== key || typeof file.snapshot !== 'object' || file.snapshot === null)
      throw new Error('the cached model file is not for this model');
    return file.snapshot;
  }

  save(key: string, snapshot: EngineSnapshot): void {
    mkdirSync(this.directory, { recursive: true });
    const target = this.fileFor(key);
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize({ key, snapshot } satisfies CacheFile));
    renameSync(temporary, target);
    for (const name of readdirSync(this.directory)) {
      if (/^nlu-[0-9a-f]+\.model$/.test(name) && join(this.directory, name) !== target) rmSync(join(this.directory, name), { force: true });
    }
  }

  private fileFor(key: string): string {
    return join(this.directory, `nlu-${key.slice(0, 32)}.model`);
  }
}
