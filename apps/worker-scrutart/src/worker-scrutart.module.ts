import { Module } from '@nestjs/common';
import { DOMAINS } from '@relais/domains';
import { SCRUTART_QUEUE } from '@relais/domains/scrutart/contracts';
import { ScrutartClientsModule } from '@relais/domains/scrutart/integrations/scrutart-clients.module';
import { ArtistKnowledge } from '@relais/domains/scrutart/knowledge';
import { EngineModule } from '@relais/engine';
import { ProcessArtistFlow } from './artists/process-artist.flow';
import { ProcessBatchFlow } from './batch/process-batch.flow';
import { GalleryPublisher } from './gallery/gallery.publisher';
import { PagePublisher } from './publishing/page.publisher';

/** Runs the `scrutart` queue: artist pages on WordPress, galleries on Piwigo, from Wikidata. */
@Module({
  imports: [
    EngineModule.forWorker({
      domains: DOMAINS,
      queue: SCRUTART_QUEUE,
      flows: [ProcessArtistFlow, ProcessBatchFlow],
      imports: [ScrutartClientsModule],
      providers: [ArtistKnowledge, GalleryPublisher, PagePublisher],
    }),
  ],
})
export class WorkerScrutartModule {}
