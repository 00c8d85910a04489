import { OffsetPageQuery } from '@relais/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?limit=&offset=` of the published artists, and of one artist's gallery images: 1–100 (default 20). */
export class PublishedPageQuery extends OffsetPageQuery {
  // class-validator drops the parent's checks of a property the child redeclares: all of them are repeated here.
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  override limit: number = 20;
}
