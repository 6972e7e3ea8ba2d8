import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { parseArgs } from 'util';
import { teamsAppPackage } from '../../channels/teams/appPackage';
import { loadContentPack } from '../../content/loader';
import { loadConfig } from '../config';

/**
 * `npm run teams:manifest [-- --out build/teams]`: writes manifest.json, the two icons and
 * balie-teams.zip (the file to upload in Teams) from MicrosoftAppId, BALIE_PUBLIC_URL and
 * the content pack's shop name.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'build/teams' } } });
  const config = loadConfig();
  if (!config.botAuth.appId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(config.botAuth.appId)) {
    throw new Error('set MicrosoftAppId to your Azure Bot\'s Microsoft App ID (a GUID) first; see the README, "Microsoft Teams"');
  }
  if (!config.publicUrl?.startsWith('https://'))
    throw new Error('set BALIE_PUBLIC_URL to the https address of your site or Balie (Teams requires https links)');
  const pack = loadContentPack(config.contentDir);
  const { version } = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
  const built = await teamsAppPackage({ appId: config.botAuth.appId, version, shortName: pack.name, companyName: pack.name, websiteUrl: config.publicUrl });
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  for (const file of built.files) writeFileSync(join(out, file.name), file.data);
  writeFileSync(join(out, 'balie-teams.zip'), built.zip);
  console.log(
    `wrote ${join(out, 'balie-teams.zip')} (manifest.json, color.png, outline.png): upload it in Teams under Apps > Manage your apps > Upload an app`,
  );
}

main().catch((error: Error) => {
  console.error(`teams:manifest: ${error.message}`);
  process.exit(1);
});
