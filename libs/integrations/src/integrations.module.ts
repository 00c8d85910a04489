import { Module } from '@nestjs/common';
import { RELAIS_CONFIG, RelaisConfig } from '@relais/config';
import { CommonsClient } from './commons/commons.client';
import { PiwigoClient } from './piwigo/piwigo.client';
import { WikidataClient } from './wikidata/wikidata.client';
import { WordPressClient } from './wordpress/wordpress.client';

/** Injection token of `WordPressClient | null` (null when WORDPRESS_URL is unset). */
export const WORDPRESS_CLIENT = Symbol('WORDPRESS_CLIENT');
/** Injection token of `PiwigoClient | null` (null when PIWIGO_URL is unset). */
export const PIWIGO_CLIENT = Symbol('PIWIGO_CLIENT');

/**
 * Provides the Scrutart integration clients built from RelaisConfig (ConfigModule is global).
 * WikidataClient and CommonsClient are injected by class; WordPress and Piwigo by token, null when unconfigured.
 */
@Module({
  providers: [
    {
      provide: WikidataClient,
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => WikidataClient.fromConfig(config),
    },
    {
      provide: CommonsClient,
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => CommonsClient.fromConfig(config),
    },
    {
      provide: WORDPRESS_CLIENT,
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => WordPressClient.fromConfig(config),
    },
    {
      provide: PIWIGO_CLIENT,
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => PiwigoClient.fromConfig(config),
    },
  ],
  exports: [WikidataClient, CommonsClient, WORDPRESS_CLIENT, PIWIGO_CLIENT],
})
export class IntegrationsModule {}
