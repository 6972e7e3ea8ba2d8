import { randomBytes } from 'crypto';
import type { Logger } from 'pino';
import { AgentDirectory, DuplicateUsernameError } from '../agents/agentDirectory';
import { Config } from './config';

/**
 * The first start has no accounts: create `admin`, with BALIE_ADMIN_PASSWORD or a random
 * password printed once to the terminal. When several instances start together, one creates it.
 */
export async function bootstrapAdmin(
  agents: AgentDirectory,
  config: Config,
  logger: Logger,
  printOnce: (text: string) => void = (text) => process.stderr.write(text),
): Promise<void> {
  if ((await agents.count()) > 0) return;
  const password = config.agents.adminPassword ?? randomBytes(12).toString('base64url');
  try {
    await agents.create({ username: 'admin', name: 'Administrator', role: 'supervisor', password });
  } catch (error) {
    if (error instanceof DuplicateUsernameError) return; // another instance was first
    throw error;
  }
  if (config.agents.adminPassword) return logger.info('created the admin account with the password from BALIE_ADMIN_PASSWORD');
  // On the terminal only: a JSON log is shipped and kept; a password must not be in it.
  printOnce(
    `\nBalie created the account "admin" with this one-time password: ${password}\nChange it in the console (or: npm run agent:passwd -- --username admin).\n\n`,
  );
  logger.warn({ username: 'admin' }, 'created the admin account with a one-time random password, printed to the terminal (stderr), not to this log');
}
