import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../app/config';

describe('loadConfig', () => {
  it('has working defaults for local development', () => {
    const config = loadConfig({});
    expect(config).to.include({ port: 3978, nodeEnv: 'development', logLevel: 'info', outOfScopeThreshold: 0.4 });
    expect(config.dataDir).to.match(/data$/);
    expect(config.botAuth.appId).to.equal(undefined);
  });

  it('trusts no proxy unless told which', () => {
    expect(loadConfig({}).trustProxy).to.equal(false);
    expect(loadConfig({ BALIE_TRUST_PROXY: '1' }).trustProxy).to.equal(1);
    expect(loadConfig({ BALIE_TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).to.equal('10.0.0.0/8, loopback');
  });

  it('runs production without an app id only when that is asked for explicitly', () => {
    expect(loadConfig({ NODE_ENV: 'production', BALIE_ALLOW_ANONYMOUS: 'true' }).allowAnonymous).to.equal(true);
    expect(loadConfig({}).allowAnonymous).to.equal(false);
  });

  it('reads each order backend with its own variables', () => {
    expect(loadConfig({}).orders).to.deep.equal({ backend: { kind: 'sample' }, deadlineMs: 3500, cacheSeconds: 30 });
    const shopify = loadConfig({
      ORDER_BACKEND: 'shopify',
      SHOPIFY_SHOP: 'My-Shop.myshopify.com',
      SHOPIFY_ACCESS_TOKEN: 'shpat_x',
      ORDER_BACKEND_CACHE_SECONDS: '0',
    });
    expect(shopify.orders).to.deep.equal({
      backend: { kind: 'shopify', shop: 'my-shop.myshopify.com', accessToken: 'shpat_x', apiVersion: '2025-10', apiUrl: 'https://my-shop.myshopify.com' },
      deadlineMs: 3500,
      cacheSeconds: 0,
    });
    const woo = loadConfig({
      NODE_ENV: 'production',
      BALIE_ALLOW_ANONYMOUS: 'true',
      ORDER_BACKEND: 'woocommerce',
      WOOCOMMERCE_URL: 'http://127.0.0.1:8080',
      WOOCOMMERCE_KEY: 'ck',
      WOOCOMMERCE_SECRET: 'cs',
    });
    expect(woo.orders.backend, 'a loopback shop may use http').to.include({ kind: 'woocommerce' });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      NODE_ENV: 'production',
      BALIE_SERVICE_URL_ALLOWLIST: 'a.example, b.example',
      BALIE_PUBLIC_URL: 'https://x.example',
      MicrosoftAppId: 'id',
      MicrosoftAppPassword: 'pw',
      BALIE_API_TOKEN: 'a-long-enough-secret',
      BALIE_OOS_THRESHOLD: '0.5',
    });
    expect(config).to.deep.include({
      port: 8080,
      nodeEnv: 'production',
      serviceUrlAllowList: ['a.example', 'b.example'],
      publicUrl: 'https://x.example',
      apiToken: 'a-long-enough-secret',
      outOfScopeThreshold: 0.5,
    });
    expect(config.botAuth).to.include({ appId: 'id', appPassword: 'pw' });
  });

  it('uses the SQLite file in the data directory unless DATABASE_URL is set', () => {
    expect(loadConfig({ BALIE_DATA_DIR: '/var/lib/balie' }).store).to.deep.equal({ kind: 'sqlite', file: '/var/lib/balie/balie.sqlite' });
    expect(loadConfig({ DATABASE_URL: '' }).store.kind).to.equal('sqlite');
    expect(
      loadConfig({
        DATABASE_URL: 'postgresql://balie:s3cret@db.internal:6432/balie?sslmode=require',
        DATABASE_POOL_SIZE: '25',
        DATABASE_STATEMENT_TIMEOUT_MS: '5000',
      }).store,
    ).to.deep.equal({
      kind: 'postgres',
      url: 'postgresql://balie:s3cret@db.internal:6432/balie?sslmode=require',
      poolSize: 25,
      statementTimeoutMs: 5000,
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/balie' }).store).to.include({ poolSize: 10, statementTimeoutMs: 15_000 });
  });

  it('never repeats a bad DATABASE_URL (it may hold a password) in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/balie' }))
      .to.throw(ConfigError, /DATABASE_URL: must be a PostgreSQL URL/)
      .with.property('message')
      .that.does.not.include('hunter2');
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ DATABASE_URL: 'db.internal:5432' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://db/balie', DATABASE_POOL_SIZE: '0' }, /DATABASE_POOL_SIZE/],
    [{ DATABASE_URL: 'postgres://db/balie', DATABASE_STATEMENT_TIMEOUT_MS: 'soon' }, /DATABASE_STATEMENT_TIMEOUT_MS/],
    [{ BALIE_INSTANCE_ID: 'has spaces' }, /BALIE_INSTANCE_ID/],
    [{ BALIE_DELIVERY_CLAIM_SECONDS: '0' }, /BALIE_DELIVERY_CLAIM_SECONDS/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ BALIE_PUBLIC_URL: 'not a url' }, /BALIE_PUBLIC_URL/],
    [{ MicrosoftAppId: 'id' }, /MicrosoftAppPassword is required/],
    [{ BALIE_API_TOKEN: 'short' }, /BALIE_API_TOKEN/],
    [{ BALIE_OOS_THRESHOLD: '2' }, /BALIE_OOS_THRESHOLD/],
    [{ NODE_ENV: 'production' }, /MicrosoftAppId: is required in production/],
    [{ NODE_ENV: 'production', BALIE_ALLOW_ANONYMOUS: 'true', BALIE_BCRYPT_ROUNDS: '4' }, /BALIE_BCRYPT_ROUNDS: must be at least 10 in production/],
    [{ BALIE_TRUST_PROXY: 'true' }, /BALIE_TRUST_PROXY: true would trust X-Forwarded-For from anyone/],
    [{ BALIE_TRUST_PROXY: 'every proxy' }, /BALIE_TRUST_PROXY: must be false/],
    [{ NODE_ENV: 'production', BALIE_ALLOW_ANONYMOUS: 'yes' }, /BALIE_ALLOW_ANONYMOUS: must be true or false/],
    [{ ORDER_BACKEND: 'magento' }, /ORDER_BACKEND/],
    [{ ORDER_BACKEND: 'http', ORDER_BACKEND_SECRET: 'a-long-enough-secret' }, /ORDER_BACKEND_URL: is required when ORDER_BACKEND=http/],
    [{ ORDER_BACKEND: 'http', ORDER_BACKEND_URL: 'https://shop.example/api' }, /ORDER_BACKEND_SECRET: is required/],
    [{ ORDER_BACKEND: 'http', ORDER_BACKEND_URL: 'https://shop.example/api', ORDER_BACKEND_SECRET: 'short' }, /ORDER_BACKEND_SECRET: must be at least 16/],
    [{ ORDER_BACKEND: 'http', ORDER_BACKEND_URL: 'ftp://shop.example', ORDER_BACKEND_SECRET: 'a-long-enough-secret' }, /ORDER_BACKEND_URL/],
    [{ ORDER_BACKEND_DEADLINE_MS: '50' }, /ORDER_BACKEND_DEADLINE_MS/],
    [{ ORDER_BACKEND: 'woocommerce', WOOCOMMERCE_URL: 'https://shop.example', WOOCOMMERCE_KEY: 'ck_x' }, /WOOCOMMERCE_SECRET: is required/],
    [
      {
        NODE_ENV: 'production',
        BALIE_ALLOW_ANONYMOUS: 'true',
        ORDER_BACKEND: 'woocommerce',
        WOOCOMMERCE_URL: 'http://shop.example',
        WOOCOMMERCE_KEY: 'ck_x',
        WOOCOMMERCE_SECRET: 'cs_x',
      },
      /WOOCOMMERCE_URL: must be https in production/,
    ],
    [{ ORDER_BACKEND: 'shopify', SHOPIFY_SHOP: 'shop.example.com', SHOPIFY_ACCESS_TOKEN: 't' }, /SHOPIFY_SHOP: must be the shop's myshopify domain/],
    [{ ORDER_BACKEND: 'shopify', SHOPIFY_SHOP: 'my-shop.myshopify.com' }, /SHOPIFY_ACCESS_TOKEN: is required/],
    [{ SHOPIFY_API_VERSION: '2025-11' }, /SHOPIFY_API_VERSION/],
    [{ BALIE_TARGET_WAIT_MINUTES: '0' }, /BALIE_TARGET_WAIT_MINUTES/],
    [{ BALIE_ORDER_URL: 'https://shop.example/admin/orders' }, /BALIE_ORDER_URL: must contain \{order\}/],
    [{ BALIE_ORDER_URL: 'javascript:alert(1)//{order}' }, /BALIE_ORDER_URL/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} naming the variable`, () => {
      expect(() => loadConfig(env)).to.throw(ConfigError, message);
    });
  }
});
