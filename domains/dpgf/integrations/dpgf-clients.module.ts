import { Module } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { GraphClient } from '@relais/integrations/microsoft-graph/graph.client';
import { GraphDeltaRepository } from '../persistence/repositories/graph-delta.repository';
import { GraphSource } from '../sources/graph.source';
import { PriceScheduleSources } from '../sources/price-schedule-sources';
import { dpgfSettingsOf } from '../settings/dpgf.settings';

/** The DPGF domain's outside connections (a folder, or SharePoint through Microsoft Graph), built from its settings. */
@Module({
  providers: [
    {
      provide: PriceScheduleSources,
      inject: [RELAIS_CONFIG, GraphDeltaRepository],
      useFactory: (config: RelaisConfig, deltas: GraphDeltaRepository) => {
        const settings = dpgfSettingsOf(config);
        return new PriceScheduleSources(settings, (graph) => {
          const client = new GraphClient({
            ...graph,
            timeoutMs: settings.http.timeoutMs,
            maxRetries: settings.http.maxRetries,
            userAgent: 'Relais/0.1 (dpgf)',
          });
          return new GraphSource(client, graph.driveId, deltas);
        });
      },
    },
  ],
  exports: [PriceScheduleSources],
})
export class DpgfClientsModule {}
