import { hostname } from 'node:os';

// The supervisor is plain JavaScript run by node (scripts/start.sh), outside the TypeScript build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const banner = require('../../scripts/supervisor/banner') as {
  bannerLines(options: BannerOptions): string[];
  maskedUrl(url: string): string;
};

interface BannerOptions {
  host: string;
  port: number;
  healthy: boolean;
  healthTimeoutMs: number;
  dataDir: string;
  admin: { token: string; fromEnvironment: boolean };
  tokenFile: string;
  redisUrl: string;
  redisNote: string;
  chromaUrl?: string;
  chromaNote?: string;
}

const TOKEN = 'relais_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function bannerOf(overrides: Partial<BannerOptions> = {}): string {
  return banner
    .bannerLines({
      host: '127.0.0.1',
      port: 3000,
      healthy: true,
      healthTimeoutMs: 120_000,
      dataDir: 'data',
      admin: { token: TOKEN, fromEnvironment: false },
      tokenFile: 'data/admin-token',
      redisUrl: 'redis://127.0.0.1:6379',
      redisNote: ' (append-only file in data/redis)',
      ...overrides,
    })
    .join('\n');
}

describe("npm start's banner (scripts/supervisor/banner.js)", () => {
  it('points at the home page, the API, its docs and Bull Board, and gives a first command', () => {
    const text = bannerOf();
    expect(text).toContain('Relais is up. Data: data');
    expect(text).toMatch(/^ {2}Dashboard {4}http:\/\/localhost:3000\/ {2}\(sign in/m);
    expect(text).toMatch(/^ {2}REST API {5}http:\/\/localhost:3000\/api$/m);
    expect(text).toContain(`http://localhost:3000/api/docs?token=${TOKEN}`);
    expect(text).toContain(`http://localhost:3000/admin/queues?token=${TOKEN}`);
    expect(text).toMatch(/^ {2}Try it {7}npm run relais -- run ops\.health-check --watch$/m);
  });

  it('names the Chroma the apps use, with its data folder when started here, and masks a password in its URL', () => {
    expect(bannerOf({ chromaUrl: 'http://127.0.0.1:8000', chromaNote: ' (data in data/chroma)' })).toMatch(
      /^ {2}Chroma {7}http:\/\/127\.0\.0\.1:8000 \(data in data\/chroma\)$/m,
    );
    expect(bannerOf({ chromaUrl: 'https://relais:s3cret@chroma.internal' })).toContain(
      'Chroma       https://relais:***@chroma.internal',
    );
    expect(bannerOf()).not.toContain('Chroma');
  });

  it('says the gateway is reachable from this machine only by default, and how to open it', () => {
    expect(bannerOf()).toMatch(
      /^ {2}Reach {8}this machine only; to open it from elsewhere: GATEWAY_HOST=0\.0\.0\.0 npm start/m,
    );
  });

  it('says how to reach a gateway listening on every interface from elsewhere', () => {
    const text = bannerOf({ host: '0.0.0.0', port: 8080 });
    expect(text).toContain(`every interface (GATEWAY_HOST=0.0.0.0): from elsewhere, http://${hostname()}:8080`);
    expect(text).toMatch(/^ {2}Try it {7}RELAIS_URL=http:\/\/localhost:8080 npm run relais/m);
  });

  it('uses the address a gateway bound to one address answers on', () => {
    const text = bannerOf({ host: '192.0.2.10' });
    expect(text).toContain('  REST API     http://192.0.2.10:3000/api');
    expect(text).toContain('192.0.2.10 only (GATEWAY_HOST)');
  });

  it('never prints the password of REDIS_URL, nor a token that came from the environment', () => {
    const text = bannerOf({
      redisUrl: 'redis://:s3cret-pass@redis.internal:6379/2',
      redisNote: '',
      admin: { token: TOKEN, fromEnvironment: true },
    });
    expect(text).not.toContain('s3cret-pass');
    expect(text).toContain('redis://:***@redis.internal:6379/2');
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('RELAIS_TOKEN="$RELAIS_ADMIN_TOKEN" npm run relais');
    expect(banner.maskedUrl('rediss://user:p%40ss@host:6380')).toBe('rediss://user:***@host:6380');
    expect(banner.maskedUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
