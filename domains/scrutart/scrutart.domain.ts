import { defineDomain } from '@relais/domain-kit';
import { PROCESS_ARTIST_FLOW } from './contracts/process-artist.contract';
import { PROCESS_BATCH_FLOW } from './contracts/process-batch.contract';
import { SCRUTART_DEPLOYMENTS } from './contracts/scrutart.deployments';
import { ScrutartApiModule } from './gateway/scrutart-api.module';
import { SCRUTART_LEGACY_ROUTES } from './gateway/scrutart-legacy-routes';
import { ScrutartArtistEntity } from './persistence/entities/scrutart-artist.entity';
import { ScrutartImageEntity } from './persistence/entities/scrutart-image.entity';
import { ScrutartPostEntity } from './persistence/entities/scrutart-post.entity';
import { ScrutartTables1732250000000 } from './persistence/migrations/1732250000000-scrutart-tables';
import { ScrutartArtistRepository } from './persistence/repositories/scrutart-artist.repository';
import { ScrutartImageRepository } from './persistence/repositories/scrutart-image.repository';
import { ScrutartPostRepository } from './persistence/repositories/scrutart-post.repository';
import { SCRUTART_DOMAIN_NAME, SCRUTART_SETTINGS } from './settings/scrutart.settings';

/**
 * Scrutart: painters' pages built from Wikidata, published to WordPress with their gallery on Piwigo. Its
 * worker is apps/worker-scrutart; docs/domains/scrutart.md is its user's page.
 */
export const SCRUTART_DOMAIN = defineDomain({
  name: SCRUTART_DOMAIN_NAME,
  description: 'Art pages from Wikidata, published to WordPress and Piwigo',
  flows: [PROCESS_ARTIST_FLOW, PROCESS_BATCH_FLOW],
  deployments: SCRUTART_DEPLOYMENTS,
  tables: {
    entities: [ScrutartArtistEntity, ScrutartImageEntity, ScrutartPostEntity],
    migrations: [ScrutartTables1732250000000],
    repositories: [ScrutartArtistRepository, ScrutartImageRepository, ScrutartPostRepository],
  },
  settings: SCRUTART_SETTINGS,
  gateway: { module: ScrutartApiModule, legacyRoutes: SCRUTART_LEGACY_ROUTES },
});
