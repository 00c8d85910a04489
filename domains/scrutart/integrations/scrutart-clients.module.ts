import { Module } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { REDIS_CLIENT, type RedisClient } from '@relais/engine';
import { CommonsModule, PiwigoModule, RedisSemaphore, WikidataModule, WordPressModule } from '@relais/integrations';
import { scrutartSettingsOf } from '../settings/scrutart.settings';

const settings = (config: RelaisConfig) => scrutartSettingsOf(config);

/** The Query Service slots every process of this Relais shares (same Redis, same prefix). */
export function wikidataQuerySlots(redis: RedisClient, config: RelaisConfig, limit: number): RedisSemaphore {
  return new RedisSemaphore(redis, { limit, key: `${config.redisPrefix}:limits:wikidata-query-service` });
}

const CLIENT_MODULES = [
  WikidataModule.register({
    inject: [RELAIS_CONFIG, { token: REDIS_CLIENT, optional: true }],
    useFactory: (config: RelaisConfig, redis?: RedisClient) => {
      const scrutart = settings(config);
      return {
        ...scrutart.http,
        apiUrl: scrutart.wikidataApiUrl,
        sparqlUrl: scrutart.wikidataSparqlUrl,
        maxConcurrent: scrutart.wikidataMaxConcurrent,
        // Wikimedia's limit is per client, not per process: every worker and gateway shares these slots.
        querySlots: redis && wikidataQuerySlots(redis, config, scrutart.wikidataMaxConcurrent),
        cacheTtlMs: scrutart.wikidataCacheTtlMs,
      };
    },
  }),
  CommonsModule.register({
    inject: [RELAIS_CONFIG],
    useFactory: (config: RelaisConfig) => ({ ...settings(config).http, fileUrl: settings(config).commonsFileUrl }),
  }),
  WordPressModule.register({
    inject: [RELAIS_CONFIG],
    useFactory: (config: RelaisConfig) => {
      const { wordpress, http } = settings(config);
      return wordpress && { ...http, ...wordpress };
    },
  }),
  PiwigoModule.register({
    inject: [RELAIS_CONFIG],
    useFactory: (config: RelaisConfig) => {
      const { piwigo, http } = settings(config);
      return piwigo && { ...http, url: piwigo.url, username: piwigo.username, password: piwigo.password };
    },
  }),
];

/**
 * Scrutart's clients (Wikidata, Commons, WordPress, Piwigo) built from its settings: WikidataClient and
 * CommonsClient by class, WORDPRESS_CLIENT and PIWIGO_CLIENT by token, null when their site is not configured.
 */
@Module({ imports: CLIENT_MODULES, exports: CLIENT_MODULES })
export class ScrutartClientsModule {}
