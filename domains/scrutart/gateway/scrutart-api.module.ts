import { Module } from '@nestjs/common';
import { ScrutartClientsModule } from '../integrations/scrutart-clients.module';
import { ArtistKnowledge } from '../knowledge';
import { ArtistLookupCache } from './artist-lookup.cache';
import { ArtistPreviewController } from './artist-preview.controller';
import { PublishedArtistsController } from './published-artists.controller';
import { PublishedArtistsReader } from './published-artists.reader';
import { ScrutartStateReader } from './scrutart-state.reader';
import { SeedFlowsController } from './seed-flows.controller';
import { SeedRunsRepository } from './seed-runs.repository';
import { SeedStatusController } from './seed-status.controller';
import { StateGraphController } from './state-graph.controller';

/**
 * The Scrutart part of the gateway, mounted under /api/scrutart: the seed-compatible API (`flows/process-artist`…,
 * `artist/{qid}/…`, `status`; the seed's own paths are rewritten here, see scrutart-legacy-routes.ts) and the
 * state graph (`state.ttl`), and what was published per artist (`artists`, `artists/{qid}`).
 */
@Module({
  imports: [ScrutartClientsModule],
  controllers: [
    SeedFlowsController,
    ArtistPreviewController,
    SeedStatusController,
    StateGraphController,
    PublishedArtistsController,
  ],
  providers: [SeedRunsRepository, ScrutartStateReader, PublishedArtistsReader, ArtistKnowledge, ArtistLookupCache],
})
export class ScrutartApiModule {}
