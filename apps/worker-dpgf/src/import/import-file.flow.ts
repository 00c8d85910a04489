import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { IMPORT_FILE_FLOW, type ImportFileParams, type ImportFileResult } from '@relais/domains/dpgf/contracts';
import { PricingImportRepository } from '@relais/domains/dpgf/persistence';
import {
  ambiguousRowsOf,
  type AmbiguousRowClassifier,
} from '@relais/domains/dpgf/classification/ambiguous-row-classifier';
import { GEMINI_ROW_CLASSIFIER } from '@relais/domains/dpgf/integrations/dpgf-clients.module';
import type { ScheduleOrigin } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import { MissingCredentials } from '@relais/domains/dpgf/sources/source-errors';
import type { FlowHandler, RunContext } from '@relais/engine';
import { NoPriceSchedule } from './no-price-schedule.error';
import { ThreadedScheduleParser } from './threaded-schedule.parser';

/** Parses one downloaded workbook and imports it as it is read, in one transaction (replacing its previous import). */
@Injectable()
export class ImportFileFlow implements FlowHandler<typeof IMPORT_FILE_FLOW>, OnModuleDestroy {
  readonly contract = IMPORT_FILE_FLOW;
  /** Parses in a thread of its own while this one inserts (parsing was most of an import's time on SQLite). */
  private readonly parser = new ThreadedScheduleParser();

  constructor(
    @Inject(PricingImportRepository) private readonly pricing: PricingImportRepository,
    @Inject(GEMINI_ROW_CLASSIFIER) private readonly classifier: AmbiguousRowClassifier | null,
  ) {}

  async run(ctx: RunContext<ImportFileParams>): Promise<ImportFileResult> {
    const { params } = ctx;
    const startedAt = Date.now();
    const file = {
      source: params.source,
      sourceId: params.source_id,
      path: params.path,
      sha256: params.sha256,
      sizeBytes: params.size,
    };
    const origin = { relativePath: params.path, type: params.type };
    // Gemini is asked before the import's transaction opens: no database lock is held while a model answers.
    const headings = params.use_gemini
      ? new Set(await ctx.step('classify-rows', () => this.headingsOf(params.local_path, origin, ctx.signal)))
      : null;
    // One step: once the transaction has committed, a retried run does not import the file again.
    const counts = await ctx.step('import', async () => {
      try {
        // Parsed as it is written: memory holds one chunk of elements, not the workbook (a 50 MB one included).
        return await this.pricing.importStreamed(
          file,
          params.type,
          async (sink) => {
            const schedule = await this.parser.parse(params.local_path, origin, sink, headings && [...headings]);
            // Thrown inside the transaction: nothing of the file stays.
            if (schedule.lots.length === 0) throw new NoPriceSchedule(params.path, schedule.sheetsWithoutHeader);
            return schedule;
          },
          params.chunk_size,
        );
      } catch (error) {
        // Remembered so that the nightly run does not try the same broken content again; the run still fails.
        await this.pricing.recordFailure(file, error instanceof Error ? error.message : String(error));
        throw error;
      }
    });
    if (headings) ctx.log.info(`${params.path}: Gemini called ${headings.size} ambiguous rows headings`);
    ctx.log.info(`${params.path}: ${counts.elements} elements in ${counts.lots} lots (${counts.mismatches} flagged)`);
    return {
      path: params.path,
      client: counts.client,
      lots: counts.lots,
      sections: counts.sections,
      elements: counts.elements,
      mismatches: counts.mismatches,
      replaced: counts.replaced,
      duration_ms: Date.now() - startedAt,
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.parser.close();
  }

  /** The file's ambiguous rows that Gemini calls headings (asked about once ever each: cached by content hash). */
  private async headingsOf(path: string, origin: ScheduleOrigin, signal: AbortSignal): Promise<string[]> {
    if (!this.classifier) throw new MissingCredentials('use_gemini needs GEMINI_API_KEY on the DPGF worker');
    return this.classifier.headingsAmong(await ambiguousRowsOf(path, origin), signal);
  }
}
