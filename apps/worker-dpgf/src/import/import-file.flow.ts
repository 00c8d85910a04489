import { Inject, Injectable } from '@nestjs/common';
import { IMPORT_FILE_FLOW, type ImportFileParams, type ImportFileResult } from '@relais/domains/dpgf/contracts';
import { PricingImportRepository } from '@relais/domains/dpgf/persistence';
import { parsePriceSchedule } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import type { FlowHandler, RunContext } from '@relais/engine';
import { NoPriceSchedule } from './no-price-schedule.error';

/** Parses one downloaded workbook and imports it as it is read, in one transaction (replacing its previous import). */
@Injectable()
export class ImportFileFlow implements FlowHandler<typeof IMPORT_FILE_FLOW> {
  readonly contract = IMPORT_FILE_FLOW;

  constructor(@Inject(PricingImportRepository) private readonly pricing: PricingImportRepository) {}

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
    // One step: once the transaction has committed, a retried run does not import the file again.
    const counts = await ctx.step('import', async () => {
      try {
        // Parsed as it is written: memory holds one chunk of elements, not the workbook (a 50 MB one included).
        return await this.pricing.importStreamed(
          file,
          params.type,
          async (sink) => {
            const origin = { relativePath: params.path, type: params.type };
            const schedule = await parsePriceSchedule(params.local_path, origin, sink);
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
}
