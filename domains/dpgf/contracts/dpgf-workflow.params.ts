import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { SingleLineText } from '@relais/contracts';

/** The parameters of `dpgf.workflow`, with the defaults of the seed workflow (docs/domains/dpgf.md). */
export class DpgfWorkflowParams {
  /** `file` (a folder under DPGF_FOLDER_ROOTS) or `graph` (SharePoint through Microsoft Graph); default DPGF_SOURCE. */
  @IsOptional()
  @IsIn(['file', 'graph'])
  source?: 'file' | 'graph';

  /**
   * The folder to scan: absolute under a root (file), or a path in the drive (graph). Default: the first root /
   * the drive's root. A `..` segment is refused (the folder is confined to DPGF_FOLDER_ROOTS or the drive).
   */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @SingleLineText()
  @Matches(/^(?!(?:.*[\\/])?\.\.(?:[\\/]|$))/, { message: 'root_folder must not contain a ".." segment' })
  root_folder?: string;

  /** Only folders whose path contains one of these words (case and accents ignored). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  folder_filters: string[] = [];

  /** Folders not entered, by name (the seed's `Archives,Temp,Backup`). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  exclude_dirs: string[] = [];

  /** At most this many folders are listed (a 300 GB share holds tens of thousands). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  max_folders: number = 10_000;

  /** The best-scoring files kept for import. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  max_files: number = 50;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  min_confidence: number = 0.5;

  /** Score every file's content, not only the promising names'. */
  @IsOptional()
  @IsBoolean()
  deep_scan: boolean = false;

  /** Elements per INSERT. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  chunk_size: number = 100;

  /** Import several files at once (up to max_workers); otherwise one after the other. */
  @IsOptional()
  @IsBoolean()
  parallel_import: boolean = false;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(32)
  max_workers: number = 4;

  /** Ask Gemini about rows the rules leave ambiguous (needs GEMINI_API_KEY on the DPGF worker); not in dry runs. */
  @IsOptional()
  @IsBoolean()
  use_gemini: boolean = false;

  /**
   * Stop after this phase, writing nothing: `scan` lists the spreadsheets, `identify` scores them too (what
   * `relais dpgf --interactive` shows before asking to go on). The result's `files` holds what was found.
   */
  @IsOptional()
  @IsIn(['scan', 'identify'])
  stop_after?: 'scan' | 'identify';

  /**
   * Only these files (paths as the scan lists them) go past the scan: the ones a person chose. A SharePoint
   * delta link is not moved by such a run (the files left out were not imported).
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  only_paths?: string[];

  /**
   * Delete the imports whose file is gone from the source (flagged by this run or an earlier one), with their
   * priced data, one transaction per file. Off: they are only flagged and listed in every report.
   */
  @IsOptional()
  @IsBoolean()
  prune_deleted: boolean = false;

  /** Show what would be imported (files, sheets, counts, first rows) and write nothing. */
  @IsOptional()
  @IsBoolean()
  dry_run: boolean = false;
}
