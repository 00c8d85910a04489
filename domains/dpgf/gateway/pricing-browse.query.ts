import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Transform } from 'class-transformer';

/** Paging shared by every list: `limit` (1–200, default 50) rows after `offset`. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer between 1 and 200' })
  @Min(1, { message: 'limit must be an integer between 1 and 200' })
  @Max(200, { message: 'limit must be an integer between 1 and 200' })
  limit: number = 50;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be an integer between 0 and 1000000' })
  @Min(0, { message: 'offset must be an integer between 0 and 1000000' })
  @Max(1_000_000, { message: 'offset must be an integer between 0 and 1000000' })
  offset: number = 0;

  /** Words the name (client), project (dpgf) or designation (elements) contains. */
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'search must be at most 200 characters' })
  search?: string;
}

export class DpgfListQuery extends PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'client_id must be a positive integer' })
  @Min(1, { message: 'client_id must be a positive integer' })
  client_id?: number;

  @IsOptional()
  @IsIn(['DPGF', 'BPU', 'DQE'], { message: 'type must be DPGF, BPU or DQE' })
  type?: string;
}

export class ImportsQuery extends PageQuery {
  /** true: only the imports whose file is gone from its source (what prune_deleted would remove); false: the others. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'source_deleted must be true or false' })
  source_deleted?: boolean;
}

export class ElementsQuery extends PageQuery {
  /** Only lines whose quantity × unit price differs from their total. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mismatch must be true or false' })
  mismatch?: boolean;

  @IsOptional()
  @Max(500, { message: 'limit must be an integer between 1 and 500' })
  declare limit: number;
}
