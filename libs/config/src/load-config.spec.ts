import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { ConfigError } from './config.error';
import { toInt } from './environment.dto';
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
    expect(config.domains).toEqual({});
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

  it('lists the password of a connection URL as a secret', () => {
    const config = load({ DATABASE_URL: 'mysql://relais:db%40pass@127.0.0.1:3306/relais' });
    expect(config.secrets).toEqual(['db@pass']);
  });

  it.each(['0.0.0.0', '::', '192.0.2.10', 'localhost', 'gateway.internal'])('listens on GATEWAY_HOST=%s', (host) => {
    expect(load({ GATEWAY_HOST: host }).gateway.host).toBe(host);
  });

  it.each(['http://0.0.0.0', '999.1.1.1', 'every interface'])('refuses GATEWAY_HOST=%s, naming it', (host) => {
    expect(() => load({ GATEWAY_HOST: host })).toThrow(/GATEWAY_HOST must be an address to listen on/);
  });

  it("names every bad variable at once, the platform's and each domain's", () => {
    const attempt = () =>
      loadConfig(
        { RELAIS_ADMIN_TOKEN: 'short', CORS_ORIGINS: 'not a url', GREETER_VOLUME: 'loud' },
        { dotenv: false, domains: [GREETER_DOMAIN] },
      );
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/RELAIS_ADMIN_TOKEN must be at least 24 characters/);
    expect(attempt).toThrow(/CORS_ORIGINS must be \*/);
    expect(attempt).toThrow(/GREETER_VOLUME must be an integer/);
  });

  it("loads each domain's settings with its own class and adds its secrets", () => {
    const config = loadConfig(
      { GREETER_VOLUME: '7', GREETER_PASSWORD: 'greeter-secret' },
      { dotenv: false, domains: [GREETER_DOMAIN] },
    );
    expect(config.domains).toEqual({ greeter: { volume: 7, password: 'greeter-secret', timeoutMs: 30_000 } });
    expect(config.secrets).toEqual(['greeter-secret']);
  });
});

/** A domain of this spec only: the config lib knows domains by their shape, never by name. */
class GreeterEnvironment {
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'GREETER_VOLUME must be an integer' })
  GREETER_VOLUME?: number;

  @IsOptional()
  @IsString()
  GREETER_PASSWORD?: string;
}

interface GreeterSettings {
  volume: number;
  password: string | null;
  timeoutMs: number;
}

const GREETER_DOMAIN = {
  name: 'greeter',
  settings: {
    environment: GreeterEnvironment,
    load: (environment: object, platform: { http: { timeoutMs: number } }): GreeterSettings => {
      const env = environment as GreeterEnvironment;
      return {
        volume: env.GREETER_VOLUME ?? 1,
        password: env.GREETER_PASSWORD ?? null,
        timeoutMs: platform.http.timeoutMs,
      };
    },
    secrets: (settings: GreeterSettings) => (settings.password ? [settings.password] : []),
  },
};
describe('loadConfig errors', () => {
  const problemsOf = (env: Record<string, string>): string => {
    try {
      load(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  it('never prints a password or a token it refuses', () => {
    const message = problemsOf({
      DATABASE_URL: 'postgres://admin:s3cr3t-db-pass@db.internal:5432/relais',
      WORDPRESS_URL: 'ftp://editor:s3cr3t-wp-pass@wp.example.org',
      REDIS_URL: 'http://default:s3cr3t-redis-pass@cache:6379',
      RELAIS_ADMIN_TOKEN: 's3cr3t-short',
    });
    expect(message).toContain('DATABASE_URL must be');
    expect(message).toContain('"postgres://***@db.internal:5432/relais"');
    expect(message).toContain(
      'RELAIS_ADMIN_TOKEN must be at least 24 characters (got a value of 12 characters, not shown)',
    );
    expect(message).not.toMatch(/s3cr3t/);
  });

  it('masks credentials even in a URL too malformed to parse', () => {
    const message = problemsOf({ DATABASE_URL: 'root:s3cr3t@db.internal/relais' });
    expect(message).toContain('"***@db.internal/relais"');
    expect(message).not.toContain('s3cr3t');
  });
});
