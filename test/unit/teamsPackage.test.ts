import { expect } from 'chai';
import { execFileSync, spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { teamsAppPackage } from '../../channels/teams/appPackage';
import { tempDir } from '../helpers/fixtures';

const APP_ID = '0f3c2a6e-1b2d-4c5e-8f90-123456789abc';

describe('Teams app package (npm run teams:manifest)', () => {
  let built: Awaited<ReturnType<typeof teamsAppPackage>>;
  before(async () => {
    built = await teamsAppPackage({
      appId: APP_ID,
      version: '1.2.3',
      shortName: 'Huisje & Co',
      companyName: 'Huisje & Co',
      websiteUrl: 'https://support.huisje.example/chat',
    });
  });

  it('has a manifest whose app and bot id are the Azure app id', () => {
    expect(built.manifest).to.deep.include({ manifestVersion: '1.17', version: '1.2.3', id: APP_ID, validDomains: ['support.huisje.example'] });
    const bot = (built.manifest.bots as any[])[0];
    expect(bot.botId).to.equal(APP_ID);
    expect(bot.scopes).to.deep.equal(['personal', 'team', 'groupChat']);
    expect((built.manifest.developer as any).privacyUrl).to.equal('https://support.huisje.example/privacy');
  });

  it('makes icons of the sizes Teams requires', () => {
    const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
    const [, color, outline] = built.files;
    expect(size(color.data)).to.deep.equal([192, 192]);
    expect(size(outline.data)).to.deep.equal([32, 32]);
  });

  it('zips manifest.json and the icons at the top level, readable by a standard unzip', () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'app.zip');
      writeFileSync(file, built.zip);
      const listing = execFileSync('python3', [
        '-c',
        `import zipfile,json,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({'names': z.namelist(), 'id': json.loads(z.read('manifest.json'))['id']}))`,
        file,
      ]).toString();
      expect(JSON.parse(listing)).to.deep.equal({ names: ['manifest.json', 'color.png', 'outline.png'], id: APP_ID });
    } finally {
      dir.cleanup();
    }
  });

  it('refuses to build without an app id, saying what to set', () => {
    const run = spawnSync(process.execPath, [resolve(__dirname, '../../app/cli/teamsManifest.js')], { env: { PATH: process.env.PATH ?? '' } });
    expect(run.status).to.equal(1);
    expect(run.stderr.toString()).to.include('MicrosoftAppId');
  });
});
