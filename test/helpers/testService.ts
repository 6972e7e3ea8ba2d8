import { expect } from 'chai';
import type { BalieService, ServiceOptions } from '../../app/service';
import { startTestService } from './fixtures';
import { HttpResult, messageActivity, replyTexts, request } from './httpClient';
import { freshDatabase, StoreKind, TestDatabase } from './testDatabases';

export interface RunningTestService {
  readonly service: BalieService;
  readonly base: string;
  readonly database: TestDatabase;
  /** A customer's conversation over /api/messages (expectReplies), to script fluently. */
  readonly chat: (conversationId: string, extra?: Record<string, unknown>) => Chat;
}

export interface TestServiceOptions extends Omit<ServiceOptions, 'config' | 'logger'> {
  /** Which store (default SQLite); a fresh database either way. */
  readonly store?: StoreKind;
  readonly env?: Record<string, string>;
  /** Reuse a database (a restart); it is then left for the caller to clean up. */
  readonly database?: TestDatabase;
}

/**
 * Starts the real service on a fresh store, runs `work` with it, and stops it (and drops
 * the store) whatever happens: `await withTestService({ env }, async ({ base, chat }) => …)`.
 */
export async function withTestService<T>(options: TestServiceOptions, work: (running: RunningTestService) => PromiseLike<T>): Promise<T> {
  const database = options.database ?? (await freshDatabase(options.store ?? 'sqlite'));
  try {
    const { service, base } = await startTestService(database, options.env ?? {}, { now: options.now, orders: options.orders });
    try {
      return await work({ service, base, database, chat: (conversationId, extra) => new Chat(base, conversationId, extra) });
    } finally {
      await service.close();
    }
  } finally {
    if (!options.database) await database.cleanup();
  }
}

/**
 * A scripted customer: `await chat.says('waar is 100001').hears('postcode').says('1234AB').hears('PostNL')`.
 * Steps run in order when awaited; `hears` checks the bot's replies to the last message.
 */
export class Chat implements PromiseLike<HttpResult | undefined> {
  private readonly steps: (() => Promise<void>)[] = [];
  /** The last answer of the service (status, body, replies). */
  last?: HttpResult;

  constructor(
    private readonly base: string,
    private readonly conversationId: string,
    private readonly extra: Record<string, unknown> = {},
  ) {}

  says(text: string, extra: Record<string, unknown> = {}): this {
    this.steps.push(async () => {
      this.last = await request(this.base, 'POST', '/api/messages', messageActivity(this.conversationId, text, { ...this.extra, ...extra }));
      expect(this.last.status, `"${text}": ${this.last.text}`).to.equal(200);
    });
    return this;
  }

  /** Every fragment appears in the bot's replies to the last message. */
  hears(...fragments: string[]): this {
    this.steps.push(async () => {
      const replies = replyTexts(this.last!);
      for (const fragment of fragments) expect(replies, `replies to the last message`).to.include(fragment);
    });
    return this;
  }

  /** None of the fragments appears in the bot's replies to the last message. */
  neverHears(...fragments: string[]): this {
    this.steps.push(async () => {
      const replies = replyTexts(this.last!);
      for (const fragment of fragments) expect(replies).not.to.include(fragment);
    });
    return this;
  }

  then<A = HttpResult | undefined, B = never>(
    onFulfilled?: ((value: HttpResult | undefined) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    const steps = this.steps.splice(0);
    const run = async () => {
      for (const step of steps) await step();
      return this.last;
    };
    return run().then(onFulfilled, onRejected);
  }
}

/**
 * One service for a whole suite: started in `before` (after the hooks registered before this
 * call, so `env` may use what they started), stopped and its store dropped in `after`.
 * The returned object's fields are there once the suite's tests run.
 */
export function useTestService(
  kind: StoreKind,
  env: Record<string, string> | (() => Record<string, string>) = {},
  options: Omit<TestServiceOptions, 'store' | 'env' | 'database'> = {},
): RunningTestService {
  let running: RunningTestService | undefined;
  let database: TestDatabase | undefined;
  before(async () => {
    database = await freshDatabase(kind);
    const started = await startTestService(database, typeof env === 'function' ? env() : env, { now: options.now, orders: options.orders });
    running = { ...started, database, chat: (conversationId, extra) => new Chat(started.base, conversationId, extra) };
  });
  after(async () => {
    await running?.service.close();
    await database?.cleanup();
  });
  const get = <K extends keyof RunningTestService>(key: K) => {
    if (!running) throw new Error('the suite’s service is not running (useTestService is for use inside describe)');
    return running[key];
  };
  return {
    get service() {
      return get('service');
    },
    get base() {
      return get('base');
    },
    get database() {
      return get('database');
    },
    get chat() {
      return get('chat');
    },
  };
}
