import { writeFileSync } from 'fs';
import pino from 'pino';
import { parseArgs } from 'util';
import { openStore } from '../../store/openStore';
import { loadConfig } from '../config';
import { PrivacyRequests } from '../privacyRequests';

/**
 * A data subject's request in one command, on the configured database:
 *   npm run privacy:export -- --customer email:jan@example.nl [--out jan.json]
 *   npm run privacy:delete -- --customer email:jan@example.nl --yes
 * `--customer` is a channel user id or an identity (email:…, order:…). Audited as actor "cli".
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { customer: { type: 'string' }, out: { type: 'string' }, yes: { type: 'boolean' } },
    allowPositionals: true,
  });
  const command = positionals[0];
  if (command !== 'export' && command !== 'delete') throw new Error('say export or delete');
  if (!values.customer) throw new Error('--customer: a channel user id or an identity such as email:jan@example.nl is required');
  if (command === 'delete' && !values.yes) throw new Error('--yes: erasing cannot be undone; add --yes to confirm');
  const config = loadConfig();
  const store = await openStore(config.store, { logger: pino({ level: 'silent' }), instanceId: `privacy:${command}` });
  try {
    const requests = new PrivacyRequests(store.customerData, store.audit);
    if (command === 'export') {
      const { reference, data } = await requests.export(values.customer, 'cli');
      if (!data) throw new Error(`nothing is stored about ${values.customer}`);
      const json = JSON.stringify({ reference, ...data }, null, 2);
      if (values.out) {
        writeFileSync(values.out, json, { mode: 0o600 });
        console.error(`wrote ${data.conversations.length} conversation(s) to ${values.out} (${reference})`);
      } else process.stdout.write(`${json}\n`);
    } else {
      const result = await requests.erase(values.customer, 'cli');
      console.log(`erased ${result.conversations} conversation(s), ${result.rows} row(s) (${result.reference})`);
    }
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  console.error(`privacy: ${(error as Error).message}`);
  process.exit(1);
});
