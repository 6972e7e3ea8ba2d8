import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';

/**
 * The yardstick for `npm run bench:turn`: the smallest Bot Framework bot there is, a bare
 * CloudAdapter (same botbuilder version as Balie, anonymous mode) behind express.json(),
 * echoing each message. Listens on PORT and answers GET /readyz.
 */
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const app = express();
app.use(express.json());
app.get('/readyz', (_req, res) => res.json({ status: 'ready' }));
app.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    await context.sendActivity(`Echo: ${context.activity.text}`);
  });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
