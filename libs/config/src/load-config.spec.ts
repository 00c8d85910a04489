import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false });

describe('loadConfig', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = load({});
    expect(config.database.kind).toBe('sqlite');
    expect(config.database.kind === 'sqlite' && config.database.path).toMatch(/data\/relais\.sqlite$/);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.gateway).toEqual({
      port: 3000,
      host: '127.0.0.1',
      adminToken: null,
      corsOrigins: [],
      trustProxy: false,
      rateLimitPerMinute: 1200,
      bodyLimitBytes: 1024 * 1024,
    });
    expect(config.scrutart.wordpress).toBeNull();
    expect(config.scrutart.piwigo).toBeNull();
    expect(config.scrutart.wikidataMaxConcurrent).toBe(5);
    expect(config.secrets).toEqual([]);
  });

  it('reads the gateway security settings', () => {
    const config = load({
      RELAIS_ADMIN_TOKEN: 'relais_0123456789abcdefghijklmnop',
      CORS_ORIGINS: 'https://a.example.org, https://b.example.org',
      RATE_LIMIT_PER_MINUTE: '30',
      BODY_LIMIT_KB: '16',
    });
    expect(config.gateway.corsOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(config.gateway.rateLimitPerMinute).toBe(30);
    expect(config.gateway.bodyLimitBytes).toBe(16 * 1024);
    expect(config.secrets).toContain('relais_0123456789abcdefghijklmnop');
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8, fd00::/8', ['loopback', '10.0.0.0/8', 'fd00::/8']],
  ])('reads TRUST_PROXY=%s in the form Express takes', (value, expected) => {
    expect(load({ TRUST_PROXY: value }).gateway.trustProxy).toEqual(expected);
  });

  it.each(['yes please', '11', 'example.org', '10.0.0.0/8,'])('refuses TRUST_PROXY=%s, naming it', (value) => {
    expect(() => load({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY must be false, true, a number of proxy hops/);
  });

  it('configures WordPress and Piwigo only when their URL is set, and lists their passwords as secrets', () => {
    const config = load({
      WORDPRESS_URL: 'https://wp.example.org/',
      WORDPRESS_USERNAME: 'editor',
      WORDPRESS_APP_PASSWORD: 'abcd efgh ijkl',
      PIWIGO_URL: 'https://photos.example.org',
      PIWIGO_USERNAME: 'relais',
      PIWIGO_PASSWORD: 'piwigo-secret',
      PIWIGO_PARENT_CATEGORY_ID: '12',
      DATABASE_URL: 'mysql://relais:db%40pass@127.0.0.1:3306/relais',
    });
    expect(config.scrutart.wordpress).toEqual({
      url: 'https://wp.example.org',
      username: 'editor',
      appPassword: 'abcd efgh ijkl',
      contentType: 'pages',
    });
    expect(config.scrutart.piwigo).toMatchObject({ url: 'https://photos.example.org', parentCategoryId: 12 });
    expect(config.secrets).toEqual(expect.arrayContaining(['abcd efgh ijkl', 'piwigo-secret', 'db@pass']));
  });

  it.each(['0.0.0.0', '::', '192.0.2.10', 'localhost', 'gateway.internal'])('listens on GATEWAY_HOST=%s', (host) => {
    expect(load({ GATEWAY_HOST: host }).gateway.host).toBe(host);
  });

  it.each(['http://0.0.0.0', '999.1.1.1', 'every interface'])('refuses GATEWAY_HOST=%s, naming it', (host) => {
    expect(() => load({ GATEWAY_HOST: host })).toThrow(/GATEWAY_HOST must be an address to listen on/);
  });

  it('names every bad variable at once', () => {
    const attempt = () =>
      load({
        RELAIS_ADMIN_TOKEN: 'short',
        CORS_ORIGINS: 'not a url',
        WIKIDATA_MAX_CONCURRENT: '9',
        WIKIMEDIA_USER_AGENT: 'curl',
        WORDPRESS_CONTENT_TYPE: 'media',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/RELAIS_ADMIN_TOKEN must be at least 24 characters/);
    expect(attempt).toThrow(/CORS_ORIGINS must be \*/);
    expect(attempt).toThrow(/WIKIDATA_MAX_CONCURRENT must be an integer between 1 and 5/);
    expect(attempt).toThrow(/WIKIMEDIA_USER_AGENT must read/);
    expect(attempt).toThrow(/WORDPRESS_CONTENT_TYPE must be pages or posts/);
  });
});
