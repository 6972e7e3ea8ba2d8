import bcrypt from 'bcryptjs';
import { parentPort } from 'worker_threads';

/** One bcrypt job at a time, off the service's event loop (agents/passwordHasher.ts sends them). */
export type PasswordJob = { id: number; kind: 'hash'; password: string; rounds: number } | { id: number; kind: 'compare'; password: string; hash: string };

parentPort?.on('message', (job: PasswordJob) => {
  try {
    const result = job.kind === 'hash' ? bcrypt.hashSync(job.password, job.rounds) : bcrypt.compareSync(job.password, job.hash);
    parentPort!.postMessage({ id: job.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: (error as Error).message });
  }
});
