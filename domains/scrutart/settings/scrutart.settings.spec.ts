import { ConfigError, loadConfig } from '@relais/config';
import { SCRUTART_DOMAIN } from '../scrutart.domain';
import { scrutartSettingsOf } from './scrutart.settings';

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false, domains: [SCRUTART_DOMAIN] });

describe("Scrutart's settings", () => {
  it('run on defaults with nothing set: no WordPress, no Piwigo, Wikimedia limits', () => {
    const settings = scrutartSettingsOf(load({}));
    expect(settings.wordpress).toBeNull();
    expect(settings.piwigo).toBeNull();
    expect(settings.wikidataMaxConcurrent).toBe(5);
    expect(settings.http).toMatchObject({ timeoutMs: 30_000, maxRetries: 3 });
    expect(settings.http.userAgent).toMatch(/^Relais\//);
  });

  it('configure WordPress and Piwigo only when their URL is set, and list their passwords as secrets', () => {
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
    const settings = scrutartSettingsOf(config);
    expect(settings.wordpress).toEqual({
      url: 'https://wp.example.org',
      username: 'editor',
      appPassword: 'abcd efgh ijkl',
      contentType: 'pages',
    });
    expect(settings.piwigo).toMatchObject({ url: 'https://photos.example.org', parentCategoryId: 12 });
    expect(config.secrets).toEqual(expect.arrayContaining(['abcd efgh ijkl', 'piwigo-secret', 'db@pass']));
  });

  it('treat a password as secret even when its site is not configured', () => {
    expect(load({ WORDPRESS_APP_PASSWORD: 'unused-but-secret' }).secrets).toContain('unused-but-secret');
  });

  it('treat credentials written inside a site URL as secrets', () => {
    const config = load({ WORDPRESS_URL: 'https://editor:hunter2-secret@wp.example.org' });
    expect(config.secrets).toContain('hunter2-secret');
  });

  it("name every bad variable at once, with the platform's", () => {
    const attempt = () =>
      load({
        RELAIS_ADMIN_TOKEN: 'short',
        WIKIDATA_MAX_CONCURRENT: '9',
        WIKIMEDIA_USER_AGENT: 'curl',
        WORDPRESS_CONTENT_TYPE: 'media',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/RELAIS_ADMIN_TOKEN must be at least 24 characters/);
    expect(attempt).toThrow(/WIKIDATA_MAX_CONCURRENT must be an integer between 1 and 5/);
    expect(attempt).toThrow(/WIKIMEDIA_USER_AGENT must read/);
    expect(attempt).toThrow(/WORDPRESS_CONTENT_TYPE must be pages or posts/);
  });
});
