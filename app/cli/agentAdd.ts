import pino from 'pino';
import { parseArgs } from 'util';
import { z } from 'zod';
import { AgentDirectory, DuplicateUsernameError } from '../../agents/agentDirectory';
import { openStore } from '../../store/openStore';
import { loadConfig } from '../config';
import { readPassword } from './readPassword';

/**
 * `npm run agent:add -- --username sanne --name "Sanne de Vries" [--role supervisor]`
 * Creates an agent account in the service's database. The password is read from standard
 * input: typed (hidden) at a terminal, or piped (`echo "$PASSWORD" | npm run agent:add -- ...`).
 */
const argsSchema = z.object({
  username: z.string().regex(/^[a-zA-Z0-9._-]{2,50}$/, 'must be 2–50 letters, digits, dots, dashes or underscores'),
  name: z.string().trim().min(1).max(100).optional(),
  role: z.enum(['agent', 'supervisor']).default('agent'),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const password = (await readPassword()).trim();
  if (password.length < 8) throw new Error('the password must be at least 8 characters');
  const config = loadConfig();
  const store = await openStore(config.store, { logger: pino({ level: 'silent' }), instanceId: 'agent:add' });
  try {
    const agents = new AgentDirectory(store.agentAccounts, { clock: () => new Date(), ...config.agents });
    const agent = await agents.create({ username: parsed.data.username, name: parsed.data.name ?? parsed.data.username, role: parsed.data.role, password });
    await agents.close();
    console.log(`created ${agent.role} "${agent.username}" (${agent.name}) in ${store.db.description}`);
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  console.error(`agent:add: ${error instanceof DuplicateUsernameError ? error.message : (error as Error).message}`);
  process.exit(1);
});
