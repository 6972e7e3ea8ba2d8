import { randomBytes } from 'crypto';
import type { Logger } from 'pino';
import { AgentDirectory, DuplicateUsernameError } from '../agents/agentDirectory';
import { Config } from './config';

/**
 * The first start has no accounts: create `admin`, with BALIE_ADMIN_PASSWORD or a random
 * password logged once. When several instances start together, one creates it.
 */
export async function bootstrapAdmin(agents: AgentDirectory, config: Config, logger: Logger): Promise<void> {
  if ((await agents.count()) > 0) return;
  const password = config.agents.adminPassword ?? randomBytes(12).toString('base64url');
  try {
    await agents.create({ username: 'admin', name: 'Administrator', role: 'supervisor', password });
  } catch (error) {
    if (error instanceof DuplicateUsernameError) return; // another instance was first
    throw error;
  }
  if (config.agents.adminPassword) logger.info('created the admin account with the password from BALIE_ADMIN_PASSWORD');
  else
    logger.warn(
      { username: 'admin', password },
      'created the admin account with this one-time random password: change it, or set BALIE_ADMIN_PASSWORD before the first start',
    );
}
