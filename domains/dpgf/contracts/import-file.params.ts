import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** One downloaded file to import: `dpgf.import-file`, a child run of `dpgf.workflow`. */
export class ImportFileParams {
  @IsIn(['file', 'graph'])
  source: 'file' | 'graph';

  /** The source's id of the file (a path for file:, a driveItem id for graph). */
  @IsString()
  @MaxLength(500)
  source_id: string;

  /** The path under the source's root. */
  @IsString()
  @MaxLength(1000)
  path: string;

  /** The downloaded copy, under the domain's work folder. */
  @IsString()
  @MaxLength(2000)
  local_path: string;

  @IsString()
  @MaxLength(64)
  @Matches(/^[0-9a-f]{64}$/)
  sha256: string;

  @IsInt()
  @Min(0)
  size: number;

  @IsIn(['DPGF', 'BPU', 'DQE'])
  type: 'DPGF' | 'BPU' | 'DQE';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  chunk_size: number = 100;

  /** Ask Gemini about the rows the rules leave ambiguous before importing. */
  @IsOptional()
  @IsBoolean()
  use_gemini: boolean = false;
}
