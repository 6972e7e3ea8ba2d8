import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../app/config';

describe('loadConfig', () => {
  it('has working defaults for local development', () => {
    const config = loadConfig({});
    expect(config).to.include({ port: 3978, nodeEnv: 'development', logLevel: 'info', outOfScopeThreshold: 0.4 });
    expect(config.dataDir).to.match(/data$/);
    expect(config.botAuth.appId).to.equal(undefined);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', NODE_ENV: 'production', BALIE_SERVICE_URL_ALLOWLIST: 'a.example, b.example', BALIE_PUBLIC_URL: 'https://x.example',
      MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', BALIE_API_TOKEN: 'a-long-enough-secret', BALIE_OOS_THRESHOLD: '0.5',
    });
    expect(config).to.deep.include({ port: 8080, nodeEnv: 'production', serviceUrlAllowList: ['a.example', 'b.example'], publicUrl: 'https://x.example', apiToken: 'a-long-enough-secret', outOfScopeThreshold: 0.5 });
    expect(config.botAuth).to.include({ appId: 'id', appPassword: 'pw' });
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ BALIE_PUBLIC_URL: 'not a url' }, /BALIE_PUBLIC_URL/],
    [{ MicrosoftAppId: 'id' }, /MicrosoftAppPassword is required/],
    [{ BALIE_API_TOKEN: 'short' }, /BALIE_API_TOKEN/],
    [{ BALIE_OOS_THRESHOLD: '2' }, /BALIE_OOS_THRESHOLD/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} naming the variable`, () => {
      expect(() => loadConfig(env)).to.throw(ConfigError, message);
    });
  }
});
