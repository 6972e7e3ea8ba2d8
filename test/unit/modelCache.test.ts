import { expect } from 'chai';
import { readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import pino from 'pino';
import { ModelTraining } from '../../app/modelTraining';
import { ContentOverlayStore, OverlayExample } from '../../content/overlay';
import { ModelCache } from '../../nlu/modelCache';
import { DEFAULT_THRESHOLDS } from '../../nlu/nluEngine';
import { samplePack, tempDir } from '../helpers/fixtures';

/** An overlay in memory, with the examples given. */
function overlayOf(examples: OverlayExample[]): ContentOverlayStore {
  return {
    list: async () => examples,
    add: async () => undefined,
    remove: async () => undefined,
  };
}

/** A logger that keeps its messages. */
function recordingLogger(): { logger: pino.Logger; messages: string[] } {
  const messages: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => messages.push((JSON.parse(line) as { msg: string }).msg) });
  return { logger, messages };
}

describe('NLU model cache', function () {
  this.timeout(60_000);
  const pack = samplePack();
  const questions = ['waar is mijn bestelling?', 'what are your opening hours', 'ik wil iets retourneren', 'kan ik met paypal betalen'];
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('trains once, then loads the same model from disk on the next start', async () => {
    const cache = new ModelCache(join(dir.path, 'models'));
    const first = recordingLogger();
    const trained = await ModelTraining.start(pack, overlayOf([]), DEFAULT_THRESHOLDS, first.logger, cache);
    await trained.saved();
    expect(first.messages).to.include('NLU model trained');
    expect(readdirSync(cache.directory)).to.have.length(1);
    const second = recordingLogger();
    const loaded = await ModelTraining.start(pack, overlayOf([]), DEFAULT_THRESHOLDS, second.logger, cache);
    expect(second.messages).to.include('NLU model loaded from the model cache');
    for (const text of questions) expect(loaded.engine.parse(text)).to.deep.equal(trained.engine.parse(text));
  });

  it('trains again when the examples change, and keeps only the newest model', async () => {
    const cache = new ModelCache(join(dir.path, 'models'));
    await (await ModelTraining.start(pack, overlayOf([]), DEFAULT_THRESHOLDS, recordingLogger().logger, cache)).saved();
    const before = readdirSync(cache.directory);
    const example: OverlayExample = {
      id: 1,
      intent: 'delivery.time',
      language: 'nl',
      text: 'wanneer is het er',
      addedBy: 'admin',
      addedAt: '2026-12-01T10:00:00Z',
    };
    const changed = recordingLogger();
    await (await ModelTraining.start(pack, overlayOf([example]), DEFAULT_THRESHOLDS, changed.logger, cache)).saved();
    expect(changed.messages).to.include('NLU model trained');
    const after = readdirSync(cache.directory);
    expect(after).to.have.length(1);
    expect(after).not.to.deep.equal(before);
  });

  it('trains (and says why) when the cached file is damaged', async () => {
    const cache = new ModelCache(join(dir.path, 'models'));
    await (await ModelTraining.start(pack, overlayOf([]), DEFAULT_THRESHOLDS, recordingLogger().logger, cache)).saved();
    const [file] = readdirSync(cache.directory);
    writeFileSync(join(cache.directory, file), 'not a model');
    const damaged = recordingLogger();
    const training = await ModelTraining.start(pack, overlayOf([]), DEFAULT_THRESHOLDS, damaged.logger, cache);
    expect(damaged.messages).to.include('could not use the cached NLU model; training a new one');
    expect(training.engine.parse('waar is mijn bestelling?').intent.name).to.equal('order.status');
  });
});
