import bcrypt from 'bcryptjs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { Worker } from 'worker_threads';
import type { PasswordJob } from './passwordWorker';

/** bcrypt, as the agent directory uses it. */
export interface PasswordHasher {
  hash(password: string, rounds: number): Promise<string>;
  compare(password: string, hash: string): Promise<boolean>;
  close(): Promise<void>;
}

type Job = { [K in PasswordJob['kind']]: Omit<Extract<PasswordJob, { kind: K }>, 'id'> }[PasswordJob['kind']];

/**
 * bcrypt in worker threads. bcryptjs's async API only slices the work, still on the event
 * loop: during a login flood every other request (turns, /healthz) waited behind it. The
 * workers keep the process alive only while they have work.
 */
export class WorkerPasswordHasher implements PasswordHasher {
  private readonly workers: { worker: Worker; busy: boolean }[] = [];
  private readonly queue: { job: Job; resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; slot: { worker: Worker; busy: boolean } }>();
  private nextId = 1;

  constructor(private readonly size = Math.max(1, Math.min(2, availableParallelism() - 1))) {}

  hash(password: string, rounds: number): Promise<string> {
    return this.run({ kind: 'hash', password, rounds }) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.run({ kind: 'compare', password, hash }) as Promise<boolean>;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
    this.workers.length = 0;
  }

  private run(job: Job): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.workers.find((w) => !w.busy) ?? (this.workers.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const { job, resolve, reject } = this.queue.shift()!;
      const id = this.nextId++;
      slot.busy = true;
      slot.worker.ref();
      this.pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ ...job, id });
    }
  }

  private spawn(): { worker: Worker; busy: boolean } {
    const worker = new Worker(join(__dirname, 'passwordWorker.js'));
    const slot = { worker, busy: false };
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const job = this.pending.get(message.id);
      if (!job) return;
      this.pending.delete(message.id);
      slot.busy = false;
      worker.unref();
      if (message.error !== undefined) job.reject(new Error(message.error));
      else job.resolve(message.result);
      this.dispatch();
    });
    worker.on('error', (error) => {
      // A crashed worker fails its job and is replaced on the next dispatch.
      for (const [id, job] of this.pending) {
        if (job.slot !== slot) continue;
        this.pending.delete(id);
        job.reject(error);
      }
      this.workers.splice(this.workers.indexOf(slot), 1);
      this.dispatch();
    });
    this.workers.push(slot);
    return slot;
  }
}

/** bcryptjs's own async API on the event loop: the old way, kept for the benchmark's comparison. */
export class InlinePasswordHasher implements PasswordHasher {
  hash(password: string, rounds: number): Promise<string> {
    return bcrypt.hash(password, rounds);
  }

  compare(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  async close(): Promise<void> {}
}
