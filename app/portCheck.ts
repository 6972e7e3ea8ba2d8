import { createServer } from 'net';

export class PortUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortUnavailableError';
  }
}

/**
 * Fails at once when the service could not listen on host:port (in use, or not allowed), so a
 * second `npm start` says so before spending seconds on the database and the model. Port 0
 * (any free port) always works.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'is already in use (another Balie, or another program): stop it or set PORT to another port'
          : error.code === 'EACCES'
            ? 'may not be used by this user (ports below 1024 need privileges): set PORT to another port'
            : `cannot be used (${error.code ?? error.message})`;
      reject(new PortUnavailableError(`PORT: port ${port} on ${host} ${why}`));
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
