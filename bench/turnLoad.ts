import { LOCALES, SCRIPTS } from './turnMix';

/** One customer message of the committed mix as the channel sends it; `turn` counts within the conversation. */
export function activity(runId: string, conversation: string, turn: number, language: 'nl' | 'en') {
  const script = SCRIPTS[language];
  return {
    type: 'message',
    id: `${runId}-${conversation}-${turn}`,
    channelId: 'bench',
    serviceUrl: 'http://127.0.0.1:9',
    conversation: { id: `${runId}-${conversation}` },
    from: { id: `${runId}-customer-${conversation}` },
    recipient: { id: 'balie' },
    locale: LOCALES[language],
    deliveryMode: 'expectReplies',
    text: script[turn % script.length].text,
  };
}

/** Posts one activity to `/api/messages`; ok when the bot answered 200 with its replies. */
export async function post(base: string, body: unknown): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(
    () => undefined,
  );
  const ok = response?.status === 200 && ((await response.json()) as { activities?: unknown[] }).activities !== undefined;
  return { ok, ms: performance.now() - started };
}

/**
 * `conversations` customers, each sending the next message of its script as soon as the last
 * was answered (a new conversation after each script), until `stop()` says so.
 */
export function customersTalking(
  base: string,
  runId: string,
  conversations: number,
  stop: () => boolean,
  done: (ok: boolean, ms: number) => void,
): Promise<void> {
  const customer = async (w: number) => {
    for (let n = 0; ; n++) {
      const language = (w + n) % 2 === 0 ? 'nl' : 'en';
      for (const turn of SCRIPTS[language].keys()) {
        if (stop()) return;
        const { ok, ms } = await post(base, activity(runId, `${w}-${n}`, turn, language));
        done(ok, ms);
      }
    }
  };
  return Promise.all(Array.from({ length: conversations }, (_, w) => customer(w))).then(() => undefined);
}
