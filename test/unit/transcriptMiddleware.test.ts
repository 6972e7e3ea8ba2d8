import { expect } from 'chai';
import { TestAdapter } from 'botbuilder';
import { inboundStored, TranscriptMiddleware } from '../../bots/transcriptMiddleware';
import { TranscriptStore } from '../../handoff/transcripts';

/** A transcript store whose appends fail, or succeed, as the test says. */
function transcripts(fails: boolean): TranscriptStore {
  return {
    append: async () => {
      if (fails) throw new Error('disk full');
      return true;
    },
  } as unknown as TranscriptStore;
}

async function storedWhenTheTurnFailed(fails: boolean): Promise<boolean> {
  let stored: boolean | undefined;
  const adapter = new TestAdapter(async () => {
    throw new Error('the bot broke');
  });
  adapter.use(new TranscriptMiddleware(transcripts(fails)));
  adapter.onTurnError = async (context) => {
    stored = inboundStored(context);
  };
  await adapter.send('hoi');
  return stored!;
}

describe('TranscriptMiddleware', () => {
  it('tells the error handler whether the customer’s message is safely stored, so the apology never promises what did not happen', async () => {
    expect(await storedWhenTheTurnFailed(false)).to.equal(true);
    expect(await storedWhenTheTurnFailed(true)).to.equal(false);
  });
});
