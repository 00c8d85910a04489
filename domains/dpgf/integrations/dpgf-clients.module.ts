import { Module } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { GeminiClient } from '@relais/integrations/gemini/gemini.client';
import { GraphClient } from '@relais/integrations/microsoft-graph/graph.client';
import { AmbiguousRowClassifier } from '../classification/ambiguous-row-classifier';
import { GraphDeltaRepository } from '../persistence/repositories/graph-delta.repository';
import { RowLabelRepository } from '../persistence/repositories/row-label.repository';
import { GraphSource } from '../sources/graph.source';
import { PriceScheduleSources } from '../sources/price-schedule-sources';
import { dpgfSettingsOf } from '../settings/dpgf.settings';

/** The AmbiguousRowClassifier (Gemini), or null when GEMINI_API_KEY is not set. */
export const GEMINI_ROW_CLASSIFIER = Symbol('GEMINI_ROW_CLASSIFIER');

/** The DPGF domain's outside connections (a folder, or SharePoint through Microsoft Graph; Gemini), built from its settings. */
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
    {
      provide: GEMINI_ROW_CLASSIFIER,
      inject: [RELAIS_CONFIG, RowLabelRepository],
      useFactory: (config: RelaisConfig, labels: RowLabelRepository): AmbiguousRowClassifier | null => {
        const settings = dpgfSettingsOf(config);
        const { apiKey, baseUrl, model } = settings.gemini;
        if (!apiKey) return null;
        const client = new GeminiClient({
          apiKey,
          baseUrl,
          model,
          timeoutMs: settings.http.timeoutMs,
          maxRetries: settings.http.maxRetries,
        });
        return new AmbiguousRowClassifier(client, labels, model);
      },
    },
  ],
  exports: [PriceScheduleSources, GEMINI_ROW_CLASSIFIER],
})
export class DpgfClientsModule {}
