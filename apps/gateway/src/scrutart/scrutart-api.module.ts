import { Module } from '@nestjs/common';
import { ArtistKnowledge, IntegrationsModule } from '@relais/integrations';
import { ArtistLookupCache } from './artist-lookup.cache';
import { ArtistPreviewController } from './artist-preview.controller';
import { ScrutartStateReader } from './scrutart-state.reader';
import { SeedFlowsController } from './seed-flows.controller';
import { SeedRunsRepository } from './seed-runs.repository';
import { SeedStatusController } from './seed-status.controller';
import { StateGraphController } from './state-graph.controller';

/**
 * The Scrutart part of the gateway: the seed-compatible API (`/api/flows/process-artist`…, `/api/artist/{qid}/…`,
 * `/api/status`) and the state graph (`/api/scrutart/state.ttl`). GatewayModule imports it before ApiModule so
 * that `GET /api/flows/active|history` are matched before the generic `GET /api/flows/{name}`.
 */
@Module({
  imports: [IntegrationsModule],
  controllers: [SeedFlowsController, ArtistPreviewController, SeedStatusController, StateGraphController],
  providers: [SeedRunsRepository, ScrutartStateReader, ArtistKnowledge, ArtistLookupCache],
})
export class ScrutartApiModule {}
