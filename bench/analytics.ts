import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AnalyticsQueries } from '../analytics/analyticsQueries';
import { ConversationAnalytics, directSink } from '../analytics/recorder';
import { MessageOutcome } from '../analytics/types';
import { loadContentPack } from '../content/loader';
import pino from 'pino';
import { openStore } from '../store/openStore';

/**
 * `npm run bench:analytics [-- --conversations 20000]`
 * Fills a fresh SQLite file with synthetic conversations (30 days, 5 messages each, a CES
 * for a third) and times what the dashboard asks for over those 30 days.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const total = Number(args.get('conversations') ?? 20_000);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'balie-bench-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'balie.sqlite') }, { logger: pino({ level: 'silent' }), instanceId: 'bench' });
  const pack = loadContentPack(join(__dirname, '../../content/webshop'));
  const intents = [...pack.intents.keys()];
  const end = Date.parse('2026-11-30T00:00:00Z');
  let clockAt = end;
  const analytics = new ConversationAnalytics(store.analytics, directSink(store.analytics), () => new Date(clockAt));
  const scores = store.effortScores;
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const OUTCOMES: MessageOutcome[] = ['answered', 'answered', 'flow', 'smalltalk', 'fallback', 'clarified', 'input'];

  let started = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    const start = end - random() * 30 * 86_400_000;
    const conversation = {
      conversationId: `c${i}`,
      customerId: `u${Math.floor(random() * total * 0.7)}`,
      channel: pick(['webchat', 'msteams', 'slack']),
      language: pick(['nl', 'en'] as const),
    };
    for (let m = 0; m < 5; m++) {
      clockAt = start + m * 30_000;
      const outcome = pick(OUTCOMES);
      const intent = outcome === 'fallback' ? 'none' : pick(intents);
      analytics.record([
        analytics.message(conversation, {
          text: `bericht ${pick(['over', 'met', 'voor'])} ${pick(intents)} ${m} mail a${i}@example.nl`,
          intent,
          confidence: random(),
          candidate: pick(intents),
          outcome,
        }).write,
      ]);
    }
    if (random() < 0.6) analytics.record([analytics.botResolved(conversation.conversationId, 'thanks')]);
    if (random() < 0.33) {
      await scores.record({
        conversationId: conversation.conversationId,
        customerId: conversation.customerId,
        channelId: conversation.channel,
        language: conversation.language,
        score: 1 + Math.floor(random() * 7),
        resolvedBy: 'bot',
        createdAt: new Date(start + 200_000).toISOString(),
      });
    }
  }
  await analytics.histories({ from: new Date(0), to: new Date(0) }); // stores what is queued
  const fillMs = Number(process.hrtime.bigint() - started) / 1e6;

  const queries = new AnalyticsQueries((range) => analytics.histories(range), pack);
  const filter = { from: new Date(end - 30 * 86_400_000), to: new Date(end) };
  const time = async (name: string, run: () => Promise<unknown>) => {
    await run(); // warm-up
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      started = process.hrtime.bigint();
      await run();
      runs.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return { name, medianMs: Math.round(runs.sort((a, b) => a - b)[1]) };
  };
  const results = [
    await time('load histories (37 days)', () =>
      analytics.histories({ from: new Date(filter.from.getTime() - 7 * 86_400_000), to: new Date(filter.to.getTime() + 7 * 86_400_000) }),
    ),
    await time('summary', () => queries.summary(filter)),
    await time('CES views (per day)', () => queries.effortScores(filter, 'day')),
    await time('unrecognised groups', () => queries.unrecognised(filter, 50)),
    await time('next questions', () => queries.nextQuestions(filter, () => [])),
    await time('CSV export', () => queries.conversationsCsv(filter)),
  ];
  const rssMiB = Math.round(process.memoryUsage().rss / 1024 / 1024);
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  console.log(`\n${total} conversations (${total * 5} messages), filled in ${Math.round(fillMs)} ms; RSS ${rssMiB} MiB\n`);
  console.log('| query over 30 days | median of 3 |');
  console.log('|---|---|');
  for (const r of results) console.log(`| ${r.name} | ${r.medianMs} ms |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
