import { Module } from '@nestjs/common';
import { QUEUES } from '@relais/contracts';
import { EngineModule } from '@relais/engine';
import { ArtistKnowledge, IntegrationsModule } from '@relais/integrations';
import { ProcessArtistFlow } from './artists/process-artist.flow';
import { ProcessBatchFlow } from './batch/process-batch.flow';
import { GalleryPublisher } from './gallery/gallery.publisher';
import { PagePublisher } from './publishing/page.publisher';

/** Runs the `scrutart` queue: artist pages on WordPress, galleries on Piwigo, from Wikidata. */
@Module({
  imports: [
    EngineModule.forWorker({
      queue: QUEUES.scrutart,
      flows: [ProcessArtistFlow, ProcessBatchFlow],
      imports: [IntegrationsModule],
      providers: [ArtistKnowledge, GalleryPublisher, PagePublisher],
    }),
  ],
})
export class WorkerScrutartModule {}
