import type { DpgfSettings } from '../settings/dpgf.settings';
import { FolderSource } from './folder.source';
import type { PriceScheduleSource } from './price-schedule-source';
import { MissingCredentials } from './source-errors';

/** Builds the Graph source once its credentials are known to be there (the graph folder provides it). */
export type GraphSourceFactory = (
  graph: Required<{ [K in keyof DpgfSettings['graph']]: string }>,
) => PriceScheduleSource;

/** The source a run asks for, from the domain's settings. */
export class PriceScheduleSources {
  constructor(
    private readonly settings: DpgfSettings,
    private readonly graphSource: GraphSourceFactory | null,
  ) {}

  /** Throws MissingCredentials (naming the variables to set) when the graph source is asked for without them. */
  sourceFor(kind: 'file' | 'graph' | undefined): PriceScheduleSource {
    const chosen = kind ?? this.settings.defaultSource;
    if (chosen === 'file') return new FolderSource(this.settings.folderRoots);
    const { graph } = this.settings;
    const missing = (
      [
        ['GRAPH_TENANT_ID', graph.tenantId],
        ['GRAPH_CLIENT_ID', graph.clientId],
        ['GRAPH_CLIENT_SECRET', graph.clientSecret],
        ['GRAPH_DRIVE_ID', graph.driveId],
      ] as const
    )
      .filter(([, value]) => !value)
      .map(([name]) => name);
    if (missing.length > 0 || !this.graphSource)
      throw new MissingCredentials(`The graph source needs ${missing.join(', ')} (see docs/domains/dpgf.md)`);
    return this.graphSource(graph as Required<{ [K in keyof DpgfSettings['graph']]: string }>);
  }
}
