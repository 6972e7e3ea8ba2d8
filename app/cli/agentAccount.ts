import pino from 'pino';
import { parseArgs } from 'util';
import { z } from 'zod';
import { AgentDirectory } from '../../agents/agentDirectory';
import { openStore } from '../../store/openStore';
import { loadConfig } from '../config';
import { readPassword } from './readPassword';

/**
 * Account administration from the command line (what a supervisor does in the console):
 *   npm run agent:passwd  -- --username sanne            (new password from standard input)
 *   npm run agent:disable -- --username sanne [--enable]
 *   npm run agent:role    -- --username sanne --role supervisor
 * Every change ends the account's sessions and is written to the audit log (actor "cli").
 */
const argsSchema = z.object({
  command: z.enum(['passwd', 'disable', 'role']),
  username: z.string().min(1, 'is required'),
  enable: z.boolean().optional(),
  role: z.enum(['agent', 'supervisor']).optional(),
});

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { username: { type: 'string' }, enable: { type: 'boolean' }, role: { type: 'string' } },
    allowPositionals: true,
  });
  const parsed = argsSchema.safeParse({ ...values, command: positionals[0] });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const { command, username, enable, role } = parsed.data;
  if (command === 'role' && !role) throw new Error('--role: agent or supervisor is required');
  const config = loadConfig();
  const store = await openStore(config.store, { logger: pino({ level: 'silent' }), instanceId: `agent:${command}` });
  const agents = new AgentDirectory(store.agentAccounts, { clock: () => new Date(), ...config.agents });
  try {
    const account = await store.agentAccounts.byUsername(username);
    if (!account) throw new Error(`no account "${username}" in ${store.db.description}`);
    const audit = (action: string, detail?: string) =>
      store.audit.record({ at: new Date().toISOString(), actor: 'cli', action, subject: `agent:${account.id}`, detail });
    if (command === 'passwd') {
      const password = (await readPassword('New password: ')).trim();
      if (password.length < 8) throw new Error('the password must be at least 8 characters');
      await agents.setPassword(account.id, password);
      await audit('account.password_reset');
      console.log(`new password for "${account.username}"; its sessions have ended`);
    } else if (command === 'disable') {
      await agents.setDisabled(account.id, !enable);
      await audit(enable ? 'account.enabled' : 'account.disabled');
      console.log(enable ? `"${account.username}" may log in again` : `"${account.username}" is disabled; its sessions have ended`);
    } else {
      await agents.setRole(account.id, role!);
      await audit('account.role', role);
      console.log(`"${account.username}" is now ${role}; its sessions have ended`);
    }
  } finally {
    await agents.close();
    await store.close();
  }
}

main().catch((error) => {
  console.error(`agent account: ${(error as Error).message}`);
  process.exit(1);
});
