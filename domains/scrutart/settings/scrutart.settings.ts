import {
  domainSettingsOf,
  type ConfigWithDomains,
  type DomainSettings,
  type PlatformHttpSettings,
} from '@relais/domain-kit';
import { ScrutartEnvironment } from './scrutart.environment';

/** Scrutart's validated settings. */
export interface ScrutartSettings {
  /** HTTP defaults for every Scrutart client, with the User-Agent Wikimedia asks for. */
  http: PlatformHttpSettings & { userAgent: string };
  wikidataApiUrl: string;
  wikidataSparqlUrl: string;
  /** Concurrent Wikidata Query Service requests allowed (Wikimedia allows 5 per client). */
  wikidataMaxConcurrent: number;
  wikidataCacheTtlMs: number;
  commonsFileUrl: string;
  /** Null when WORDPRESS_URL is unset: pages stay as drafts in the database. */
  wordpress: { url: string; username: string; appPassword: string; contentType: 'pages' | 'posts' } | null;
  /** Null when PIWIGO_URL is unset: no gallery is published. */
  piwigo: { url: string; username: string; password: string; parentCategoryId: number | null } | null;
  imageLimit: number;
}

const DEFAULT_USER_AGENT = 'Relais/0.1 (https://github.com/relais-automation/relais; ops@relais.invalid)';

/** How the Scrutart domain reads, types and redacts its environment. */
export const SCRUTART_SETTINGS: DomainSettings<ScrutartSettings> = {
  environment: ScrutartEnvironment,
  load(environment, platform) {
    const env = environment as ScrutartEnvironment;
    return {
      http: { ...platform.http, userAgent: env.WIKIMEDIA_USER_AGENT ?? DEFAULT_USER_AGENT },
      wikidataApiUrl: env.WIKIDATA_API_URL ?? 'https://www.wikidata.org/w/api.php',
      wikidataSparqlUrl: env.WIKIDATA_SPARQL_URL ?? 'https://query.wikidata.org/sparql',
      wikidataMaxConcurrent: env.WIKIDATA_MAX_CONCURRENT ?? 5,
      wikidataCacheTtlMs: env.WIKIDATA_CACHE_TTL_MS ?? 60 * 60 * 1000,
      commonsFileUrl: env.COMMONS_FILE_URL ?? 'https://commons.wikimedia.org/wiki/Special:FilePath/',
      wordpress: env.WORDPRESS_URL
        ? {
            url: env.WORDPRESS_URL.replace(/\/+$/, ''),
            username: env.WORDPRESS_USERNAME ?? '',
            appPassword: env.WORDPRESS_APP_PASSWORD ?? '',
            contentType: (env.WORDPRESS_CONTENT_TYPE ?? 'pages') as 'pages' | 'posts',
          }
        : null,
      piwigo: env.PIWIGO_URL
        ? {
            url: env.PIWIGO_URL.replace(/\/+$/, ''),
            username: env.PIWIGO_USERNAME ?? '',
            password: env.PIWIGO_PASSWORD ?? '',
            parentCategoryId: env.PIWIGO_PARENT_CATEGORY_ID ?? null,
          }
        : null,
      imageLimit: env.SCRUTART_IMAGE_LIMIT ?? 50,
    };
  },
  secrets(settings, environment) {
    const env = environment as ScrutartEnvironment;
    return [env.WORDPRESS_APP_PASSWORD, env.PIWIGO_PASSWORD, ...urlPasswords(settings)].filter(
      (value): value is string => !!value,
    );
  },
};

/** Credentials written inside the URLs (https://user:password@host/). */
function urlPasswords(settings: ScrutartSettings): string[] {
  return [settings.wordpress?.url, settings.piwigo?.url, settings.wikidataApiUrl, settings.wikidataSparqlUrl]
    .map((url) => (url ? /^[a-z]+:\/\/[^:/@]*:([^@]+)@/.exec(url)?.[1] : undefined))
    .filter((password): password is string => !!password)
    .map((password) => decodeURIComponent(password));
}

/** The domain's name: its routes are under /api/scrutart, its settings at config.domains.scrutart. */
export const SCRUTART_DOMAIN_NAME = 'scrutart';

/** Scrutart's settings from a process's configuration. */
export function scrutartSettingsOf(config: ConfigWithDomains): ScrutartSettings {
  return domainSettingsOf(config, { name: SCRUTART_DOMAIN_NAME, settings: SCRUTART_SETTINGS });
}
