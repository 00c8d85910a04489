import { ApiProperty } from '@nestjs/swagger';
import type { DpgfImportFailureEntity } from '../persistence/entities/dpgf-import-failure.entity';
import type { DpgfImportEntity } from '../persistence/entities/dpgf-import.entity';

/** The schedule an imported file became, with its client. */
export class DpgfImportedScheduleResponse {
  @ApiProperty({ description: 'The dpgf row: browse its lots at /api/dpgf/dpgf/{id}/lots' })
  id: number;

  @ApiProperty({ example: 'Résidence Les Pins' })
  project: string;

  @ApiProperty()
  client_id: number;

  @ApiProperty({ example: 'Habitat Sud' })
  client: string;
}

/** One imported file: where it came from and what its import created. */
export class DpgfImportResponse {
  @ApiProperty()
  id: number;

  @ApiProperty({ enum: ['file', 'graph'] })
  source: string;

  @ApiProperty({ description: "The path under the source's root", example: 'Habitat Sud/Les Pins/DPGF-lot 2.xlsx' })
  path: string;

  @ApiProperty({ enum: ['DPGF', 'BPU', 'DQE'] })
  type: string;

  @ApiProperty()
  size_bytes: number;

  @ApiProperty({ description: "SHA-256 of the file's content: the same content is not imported twice" })
  sha256: string;

  @ApiProperty({ type: [String], description: 'The sheets imported, one lot each' })
  sheets: string[];

  @ApiProperty()
  lots: number;

  @ApiProperty()
  sections: number;

  @ApiProperty()
  elements: number;

  @ApiProperty({ description: 'Lines whose quantity × unit price differs from their total' })
  mismatches: number;

  @ApiProperty({ example: 'imported' })
  state: string;

  @ApiProperty({ format: 'date-time' })
  started_at: string;

  @ApiProperty({ format: 'date-time' })
  ended_at: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'When a scan found the file gone from its source (deleted, or moved out of the scanned folder); its data is kept until a run with prune_deleted',
  })
  source_deleted_at: string | null;

  @ApiProperty({ type: DpgfImportedScheduleResponse, nullable: true, description: 'What the file became' })
  schedule: DpgfImportedScheduleResponse | null;
}

/** What every list of the DPGF routes answers besides its items. */
export class PageFields {
  @ApiProperty({ description: 'How many rows the filters match' })
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}

export class DpgfImportPageResponse extends PageFields {
  @ApiProperty({ type: [DpgfImportResponse], description: 'Newest first' })
  items: DpgfImportResponse[];
}

/** A file whose latest import failed: the same content is not tried again until it changes. */
export class DpgfImportFailureResponse {
  @ApiProperty()
  path: string;

  @ApiProperty()
  sha256: string;

  @ApiProperty({ description: 'Why the import failed, as the importer said it' })
  message: string;

  @ApiProperty({ format: 'date-time' })
  failed_at: string;
}

export class DpgfImportFailurePageResponse extends PageFields {
  @ApiProperty({ type: [DpgfImportFailureResponse], description: 'Newest first' })
  items: DpgfImportFailureResponse[];
}

export function importView(row: DpgfImportEntity, schedule: DpgfImportedScheduleResponse | null): DpgfImportResponse {
  return {
    id: row.id,
    source: row.source,
    path: row.sourcePath,
    type: row.type,
    size_bytes: row.sizeBytes,
    sha256: row.sha256,
    sheets: row.sheets,
    lots: row.lots,
    sections: row.sections,
    elements: row.elements,
    mismatches: row.mismatches,
    state: row.state,
    started_at: new Date(row.startedAt).toISOString(),
    ended_at: new Date(row.endedAt).toISOString(),
    source_deleted_at: row.sourceDeletedAt === null ? null : new Date(row.sourceDeletedAt).toISOString(),
    schedule,
  };
}

export function importFailureView(row: DpgfImportFailureEntity): DpgfImportFailureResponse {
  return {
    path: row.sourcePath,
    sha256: row.sha256,
    message: row.message,
    failed_at: new Date(row.failedAt).toISOString(),
  };
}
